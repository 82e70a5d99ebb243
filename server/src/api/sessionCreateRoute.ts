/**
 * `POST /api/sessions`: a shop's backend opens a help session for a customer it knows
 * (`Authorization: Bearer <site secret>`). It answers with the session's code and a
 * `shopperToken`; the shop hands the token to its page, whose SDK picks the session up with
 * `Lookalong.requestHelp(shopperToken)`. Nothing is shared until that shopper clicks Allow;
 * a session no page picks up within LOOKALONG_API_SESSION_TTL_MS ends by itself. A site with
 * LOOKALONG_API_SESSIONS_PER_SITE such sessions not yet picked up gets 429 and a Retry-After.
 */
import express, { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { ProtocolError, readRecord, readString } from '../../../protocol/fieldReaders';
import { LANG_PATTERN, MAX_TITLE_CHARS } from '../../../protocol/messages';
import type { SessionRoom } from '../relay/sessionRoom';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { SITE_API_ACTOR } from './siteSecretAuth';
import { stillUnclaimedIn, UnclaimedSessions, type UnclaimedLedger } from './unclaimedSessions';

/** What the route needs. */
export interface SessionCreateRouteOptions {
  sessions: Pick<SessionRegistry, 'open' | 'findById'>;
  /** The site whose secret the request presents, or null. */
  siteOf(req: Request): string | null;
  /** How long the session waits for the shopper's page. */
  ttlMs: number;
  /** Most sessions per site opened and not yet picked up by a page. */
  maxUnclaimedPerSite: number;
  /** Where they are counted when the relay runs as several nodes (every node's count); else this node counts them. */
  sharedUnclaimed?: UnclaimedLedger<{ id: string }>;
}

/** Body of a 201 answer. */
export interface CreatedSession {
  sessionId: string;
  /** The 6-digit code agents join with. */
  code: string;
  site: string;
  /** The shopper page's credential for this session: pass it to `Lookalong.requestHelp(shopperToken)`. Secret. */
  shopperToken: string;
  /** When the session ends unless a shopper page has picked it up (ms since the epoch). */
  expiresAt: number;
}

/** Largest request body accepted. */
const MAX_BODY = '4kb';

/** Locals the authentication step leaves for the handler. */
interface SiteLocals extends Record<string, unknown> {
  site: string;
}

/** Reads `{lang?, title?}`; throws a ProtocolError naming the first bad field. */
function readCreateBody(body: unknown): { lang: string; title?: string } {
  const obj = readRecord(body ?? {}, 'body');
  const lang = obj['lang'] === undefined ? 'en' : readString(obj, 'lang', 35, LANG_PATTERN);
  return obj['title'] === undefined ? { lang } : { lang, title: readString(obj, 'title', MAX_TITLE_CHARS) };
}

/** Builds the router serving `POST /api/sessions` (site secret required). */
export function sessionCreateRouter({ sessions, siteOf, ttlMs, maxUnclaimedPerSite, sharedUnclaimed }: SessionCreateRouteOptions): Router {
  const router = Router();
  const unclaimed: UnclaimedLedger<SessionRoom> = sharedUnclaimed ?? new UnclaimedSessions<SessionRoom>(maxUnclaimedPerSite, ttlMs, stillUnclaimedIn(sessions));
  const authenticate = (req: Request, res: Response<unknown, SiteLocals>, next: NextFunction): void => {
    res.setHeader('Cache-Control', 'no-store');
    const site = siteOf(req);
    if (site === null) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'a site secret is required' });
      return;
    }
    res.locals.site = site;
    next();
  };
  // Body errors answer in JSON like every other API error (express.json's own are HTML pages).
  const bodyErrors: ErrorRequestHandler = (err: { type?: unknown }, _req, res, next) => {
    if (err.type === 'entity.too.large') res.status(413).json({ error: `body larger than ${MAX_BODY}` });
    else if (err.type === 'entity.parse.failed') res.status(400).json({ error: 'body is not valid JSON' });
    else next(err);
  };
  router.post('/api/sessions', authenticate, express.json({ limit: MAX_BODY }), async (req: Request, res: Response<unknown, SiteLocals>) => {
    let body: { lang: string; title?: string };
    try {
      body = readCreateBody(req.body);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      res.status(400).json({ error: err.message });
      return;
    }
    const { site } = res.locals;
    const admitted = await unclaimed.admit(site, () => sessions.open(site, body.lang, body.title, SITE_API_ACTOR));
    if ('retryAfterMs' in admitted) {
      res.setHeader('Retry-After', String(Math.ceil(admitted.retryAfterMs / 1000)));
      res.status(429).json({ error: `too many sessions waiting for their page (at most ${maxUnclaimedPerSite} per site)` });
      return;
    }
    const { room, resumeToken } = admitted.opened;
    room.awaitShopper(ttlMs);
    const created: CreatedSession = { sessionId: room.id, code: room.code, site, shopperToken: resumeToken, expiresAt: Date.now() + ttlMs };
    res.status(201).json(created);
  }, bodyErrors);
  return router;
}
