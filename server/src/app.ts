/**
 * HTTP routes: health, the REST API (explicit CORS), the SDK bundles, the agent console and its
 * recordings review page (strict CSP) and the demo shop; helmet's hardening headers on every answer.
 */
import { existsSync } from 'node:fs';
import express, { type Response, type Router } from 'express';
import helmet from 'helmet';
import { restCors } from './api/restCors';
import { sessionAuditRouter } from './api/sessionAuditRoute';
import { sessionQueueRouter, type SessionQueueSource } from './api/sessionQueueRoute';
import { ticketRouter } from './api/ticketRoute';
import type { MirroredTrail } from './audit/auditMirror';
import type { TicketIssuer } from './auth/agentTickets';
import type { AgentTokenPolicy } from './auth/agentTokenPolicy';
import { bundlePaths } from './bundlePaths';

/**
 * Content-Security-Policy of the agent console; the replay iframe (about:blank) inherits it.
 * `frame-ancestors` lets the console itself and the configured helpdesks embed it.
 */
export function agentConsoleCsp(helpdeskOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    'img-src * data: blob:',
    'font-src * data:',
    "connect-src 'self'",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    ["frame-ancestors 'self'", ...helpdeskOrigins].join(' '),
  ].join('; ');
}

function sendBundle(res: Response, file: string, crossOrigin: boolean): void {
  if (!existsSync(file)) {
    res.status(503).type('text/plain').send('bundle not built: run `npm run build`');
    return;
  }
  if (crossOrigin) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  }
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(file);
}

/** What the HTTP routes need from the configuration. */
export interface AppOptions {
  tokenPolicy: AgentTokenPolicy;
  /** Where `POST /api/tickets` keeps the tickets the agent socket redeems (this node's, or the shared ones with several nodes). */
  tickets: TicketIssuer;
  auditFile: string;
  /** With several nodes: a session's audit entries from every node (auditMirror.ts). */
  auditMirror: ((session: string) => Promise<MirroredTrail>) | null;
  /** This server's public origin (`self`). */
  publicUrl: string;
  /** Origin patterns (helpdesks) whose pages may call the REST API cross-origin. */
  apiOrigins: readonly string[];
  /** Origins allowed to embed the console, besides its own (LOOKALONG_HELPDESK_ORIGINS). */
  helpdeskOrigins: readonly string[];
  /** The sessions listed by `GET /api/sessions`. */
  sessions: SessionQueueSource;
  /** Bounds of that queue: most sessions listed, how long a gone page's session stays (as away). */
  queue: { max: number; awayShownMs: number };
  /** Operations and shop-backend routes (ops/operations.ts: /readyz, /metrics, OpenAPI, session create/end) and the asset proxy, mounted after the REST CORS (which covers only /api). */
  routers: readonly Router[];
}

/** Builds the express app (no listening; see lookalongServer). */
export function createApp({ tokenPolicy, tickets, auditFile, auditMirror, publicUrl, apiOrigins, helpdeskOrigins, sessions, queue, routers }: AppOptions): express.Express {
  const consoleCsp = agentConsoleCsp(helpdeskOrigins);
  const app = express();
  app.disable('x-powered-by');
  // Helmet's CSP is off: a CSP is a page's own (the console's strict one below), never a default.
  app.use(helmet({ contentSecurityPolicy: false, referrerPolicy: { policy: 'no-referrer' } }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.use('/api', restCors(apiOrigins, publicUrl));
  app.use(ticketRouter({ tokenPolicy, tickets }));
  app.use(sessionQueueRouter({ tokenPolicy, sessions, ...queue }));
  app.use(sessionAuditRouter({ tokenPolicy, auditFile, auditMirror }));
  for (const router of routers) app.use(router);

  // Shops load these from their own origin: plain public code, so CORS is open.
  app.get('/sdk.js', (_req, res) => sendBundle(res, bundlePaths.loader, true));
  app.get('/sdk-recorder.js', (_req, res) => sendBundle(res, bundlePaths.recorder, true));
  app.get('/sdk-ui.js', (_req, res) => sendBundle(res, bundlePaths.ui, true));

  /** The console's pages (console, recordings review) under its strict CSP. */
  const agentPage = (file: string) => (_req: unknown, res: Response): void => {
    res.setHeader('Content-Security-Policy', consoleCsp);
    // frame-ancestors governs framing here (the helpdesks may embed the console); X-Frame-Options would contradict it.
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  };
  app.get('/agent/', agentPage(bundlePaths.consolePage));
  app.get('/agent/console.js', (_req, res) => sendBundle(res, bundlePaths.consoleScript, false));
  app.get('/agent/console.css', (_req, res) => sendBundle(res, bundlePaths.consoleStyles, false));
  // Recordings review (supervisors, admins); its data comes from /api/recordings.
  app.get('/agent/review/', agentPage(bundlePaths.reviewPage));
  app.get('/agent/review/review.js', (_req, res) => sendBundle(res, bundlePaths.reviewScript, false));
  app.get('/agent/review/review.css', (_req, res) => sendBundle(res, bundlePaths.reviewStyles, false));

  // The demo shop stands in for a shop on its own origin: its assets must load in any agent's replay.
  app.use('/demo', (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  }, express.static(bundlePaths.demoShop, { index: 'index.html' }));
  app.get('/', (_req, res) => res.sendFile(bundlePaths.landingPage));
  return app;
}
