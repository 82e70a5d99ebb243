/** Why the asset proxy did not serve an asset, as the HTTP status and short plain-text reason it answers. */

/** HTTP statuses of a refusal: 403 not allowed, 404 unknown site or not found upstream, 502 upstream failed, 504 upstream too slow. */
export type RefusalStatus = 403 | 404 | 502 | 504;

/** A request the proxy will not or could not serve; `message` is the reason told to the client (never secrets). */
export class AssetRefusal extends Error {
  /** `refused`: the proxy would not (counted and logged as such); `failed`: upstream could not. */
  readonly outcome: 'refused' | 'failed';

  constructor(readonly status: RefusalStatus, reason: string, outcome: 'refused' | 'failed' = status < 500 ? 'refused' : 'failed') {
    super(reason);
    this.name = 'AssetRefusal';
    this.outcome = outcome;
  }
}
