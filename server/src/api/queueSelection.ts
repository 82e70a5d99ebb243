/**
 * Which sessions the agents' queue shows: those whose shopper page is connected now (a waiting
 * session whose page has been gone longer than `awayShownMs` is not listed; before that it is
 * listed as away; a live session stays listed through its page's reloads), at most `max` of them,
 * shared out across sites in turn, oldest first within each site — so a flood of one site's
 * help requests never hides another site's shoppers.
 */
import type { ListedSession } from '../sessions/listedSession';

/** A session the queue shows, with whether its page is away right now. */
export type ShownSession = ListedSession & { away: boolean };

/** The queue's sessions and how many eligible ones the cap left out. */
export interface QueueSelection {
  shown: ShownSession[];
  omitted: number;
}

/** The bounds of one selection. */
export interface QueueBounds {
  now: number;
  /** How long a waiting session's page may be gone and the session still listed (as away). */
  awayShownMs: number;
  /** Most sessions shown. */
  max: number;
}

/** Selects from `listed` (sessions the agent may see) within `bounds`; see the module comment. */
export function selectQueue(listed: readonly ListedSession[], { now, awayShownMs, max }: QueueBounds): QueueSelection {
  const bySite = new Map<string, ShownSession[]>();
  let eligible = 0;
  for (const session of [...listed].sort((a, b) => a.createdAt - b.createdAt)) {
    if (session.state === 'ended') continue;
    const away = session.awaySince !== null;
    if (away && session.state !== 'live' && now - session.awaySince! > awayShownMs) continue;
    eligible += 1;
    const list = bySite.get(session.site) ?? [];
    list.push({ ...session, away });
    bySite.set(session.site, list);
  }
  const shown: ShownSession[] = [];
  const queues = [...bySite.values()];
  for (let round = 0; shown.length < max && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      if (shown.length >= max) break;
      if (queue.length > round) shown.push(queue[round]!);
    }
  }
  shown.sort((a, b) => a.createdAt - b.createdAt);
  return { shown, omitted: eligible - shown.length };
}
