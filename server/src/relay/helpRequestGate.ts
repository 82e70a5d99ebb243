/**
 * Whether a shopper page may open a new help session (`hello`): not on a site that accepts
 * backend-created sessions only, and within the per-address and per-site token buckets — shared
 * by every node when there are several, so a flood spread over nodes meets the same limits.
 * Resuming a session (a reload, a backend-created session) is never limited here.
 */
import { CloseCode } from '../../../protocol/closeCodes';
import type { HelpRequestSettings } from './helpRequestSettings';
import type { RateBuckets } from './rateBuckets';
import type { RelayCounters } from './relayCounters';

/** Why a hello was refused: the close code and its reason (with the retry time when there is one). */
export interface HelpRefusal {
  code: number;
  reason: string;
}

/** Seconds in a retry time, at least 1. */
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** The help-request admission of one relay node. */
export class HelpRequestGate {
  constructor(
    private readonly settings: HelpRequestSettings,
    private readonly buckets: RateBuckets,
    private readonly counters: RelayCounters,
  ) {}

  /** Null when a page of `site` at client address `peer` may open a session; else why not. */
  async admit(site: string, peer: string): Promise<HelpRefusal | null> {
    const refused = this.counters.helpRequestsRefused;
    if (this.settings.backendOnlySites.includes(site)) {
      refused.backendOnly += 1;
      return { code: CloseCode.backendSessionsOnly, reason: 'this site only accepts sessions created by its backend' };
    }
    const addressWait = await this.buckets.take(`ip:${peer}`, this.settings.perAddress);
    if (addressWait > 0) {
      refused.address += 1;
      return { code: CloseCode.tooManyHelpRequests, reason: `too many help requests from this address: retry in ${seconds(addressWait)} s` };
    }
    const siteWait = await this.buckets.take(`site:${site}`, this.settings.perSite);
    if (siteWait > 0) {
      refused.site += 1;
      return { code: CloseCode.tooManyHelpRequests, reason: `too many help requests for this site: retry in ${seconds(siteWait)} s` };
    }
    return null;
  }
}
