/** A bounded in-memory LRU of proxied assets: a byte cap over all entries, and a lifetime per entry. */

/** A proxied asset as served. */
export interface ProxiedAsset {
  contentType: string;
  body: Buffer;
}

/** One cached asset and when it stops being served. */
interface CacheEntry {
  asset: ProxiedAsset;
  bytes: number;
  expiresAt: number;
}

/** The cached assets, least recently used first (a Map keeps insertion order; a hit moves its entry to the end). */
export class AssetCache {
  private readonly entries = new Map<string, CacheEntry>();
  private heldBytes = 0;

  constructor(
    /** Most bytes held (bodies, keys and content types); 0 caches nothing. */
    private readonly capBytes: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** The asset cached under `key`, unless absent or expired (an expired one is dropped). */
  get(key: string): ProxiedAsset | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.heldBytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.asset;
  }

  /** Caches `asset` under `key`, evicting least recently used entries to stay within the cap; an asset bigger than the cap is not cached. */
  set(key: string, asset: ProxiedAsset): void {
    const bytes = asset.body.length + key.length + asset.contentType.length;
    this.remove(key);
    if (bytes > this.capBytes) return;
    for (const [oldest] of this.entries) {
      if (this.heldBytes + bytes <= this.capBytes) break;
      this.remove(oldest);
    }
    this.entries.set(key, { asset, bytes, expiresAt: this.now() + this.ttlMs });
    this.heldBytes += bytes;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}
