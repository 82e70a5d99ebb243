/**
 * The sessions `POST /api/sessions` opened that no shopper page has picked up yet, counted per
 * site so that a leaked site secret cannot fill memory: at `maxPerSite` the site must wait until
 * one is picked up or ends (at the latest when its wait for a page, `ttlMs`, runs out).
 */

/** Whether a counted session still waits for its first page in `sessions`: found there (not ended, not moved away) and no page attached yet (stream 0). */
export function stillUnclaimedIn(sessions: { findById(id: string): { stream: number } | undefined }): (room: { id: string }) => boolean {
  return (room) => sessions.findById(room.id)?.stream === 0;
}

/** The answer to a request to open one more session: the session, or how long the site must wait. */
export type UnclaimedAdmission<Opened> = { opened: Opened } | { retryAfterMs: number };

/** The per-site cap on unclaimed API sessions: this node's (UnclaimedSessions) or every node's (bus/sharedUnclaimed.ts). */
export interface UnclaimedLedger<Room> {
  /** Opens a session for `site` with `open` unless the site is at its cap. */
  admit<Opened extends { room: Room }>(site: string, open: () => Promise<Opened>): Promise<UnclaimedAdmission<Opened>>;
}

/** Per-site count of API-created sessions still waiting for their first page, capped, in this process. */
export class UnclaimedSessions<Room> implements UnclaimedLedger<Room> {
  /** Per site: each counted room with when its wait for a page runs out, oldest first. */
  private readonly bySite = new Map<string, Map<Room, number>>();
  /** Per site: sessions being opened right now (counted before they exist). */
  private readonly opening = new Map<string, number>();

  /** `isUnclaimed` says whether a counted room still waits for its first page (not picked up, not ended). */
  constructor(
    private readonly maxPerSite: number,
    private readonly ttlMs: number,
    private readonly isUnclaimed: (room: Room) => boolean,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async admit<Opened extends { room: Room }>(site: string, open: () => Promise<Opened>): Promise<UnclaimedAdmission<Opened>> {
    const retryAfterMs = this.retryAfterMs(site);
    return retryAfterMs > 0 ? { retryAfterMs } : { opened: await this.open(site, open) };
  }

  /** How long `site` must wait before it may open another session; 0 when it may now. */
  retryAfterMs(site: string): number {
    const rooms = this.unclaimed(site);
    if (rooms.length + (this.opening.get(site) ?? 0) < this.maxPerSite) return 0;
    const soonest = rooms[0];
    return Math.max(1, soonest === undefined ? 1 : soonest - this.now());
  }

  /** Opens a session for `site` with `open` and counts it from the start (call when retryAfterMs is 0). */
  async open<Opened extends { room: Room }>(site: string, open: () => Promise<Opened>): Promise<Opened> {
    this.opening.set(site, (this.opening.get(site) ?? 0) + 1);
    try {
      const opened = await open();
      const rooms = this.bySite.get(site) ?? new Map<Room, number>();
      this.bySite.set(site, rooms.set(opened.room, this.now() + this.ttlMs));
      return opened;
    } finally {
      const left = (this.opening.get(site) ?? 1) - 1;
      if (left > 0) this.opening.set(site, left);
      else this.opening.delete(site);
    }
  }

  /** When each of the site's still unclaimed rooms stops waiting, soonest first (forgets the others). */
  private unclaimed(site: string): number[] {
    const rooms = this.bySite.get(site);
    if (!rooms) return [];
    for (const room of rooms.keys()) if (!this.isUnclaimed(room)) rooms.delete(room);
    if (rooms.size === 0) this.bySite.delete(site);
    return [...rooms.values()];
  }
}
