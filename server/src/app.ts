/** HTTP routes: health, the REST API, the SDK bundles, the agent console (strict CSP) and the demo shop. */
import { existsSync } from 'node:fs';
import express, { type Response } from 'express';
import { sessionAuditRouter } from './api/sessionAuditRoute';
import { sessionQueueRouter, type SessionQueueSource } from './api/sessionQueueRoute';
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
  if (crossOrigin) res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(file);
}

/** What the HTTP routes need from the configuration. */
export interface AppOptions {
  jwtSecret: string;
  auditFile: string;
  /** Origins allowed to embed the console, besides its own (LOOKALONG_HELPDESK_ORIGINS). */
  helpdeskOrigins: readonly string[];
  /** The sessions listed by `GET /api/sessions`. */
  sessions: SessionQueueSource;
}

/** Builds the express app (no listening; see lookalongServer). */
export function createApp({ jwtSecret, auditFile, helpdeskOrigins, sessions }: AppOptions): express.Express {
  const consoleCsp = agentConsoleCsp(helpdeskOrigins);
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.use(sessionQueueRouter({ jwtSecret, sessions }));
  app.use(sessionAuditRouter({ jwtSecret, auditFile }));

  // Shops load these from their own origin: plain public code, so CORS is open.
  app.get('/sdk.js', (_req, res) => sendBundle(res, bundlePaths.loader, true));
  app.get('/sdk-recorder.js', (_req, res) => sendBundle(res, bundlePaths.recorder, true));

  app.get('/agent/', (_req, res) => {
    res.setHeader('Content-Security-Policy', consoleCsp);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(bundlePaths.consolePage);
  });
  app.get('/agent/console.js', (_req, res) => sendBundle(res, bundlePaths.consoleScript, false));
  app.get('/agent/console.css', (_req, res) => sendBundle(res, bundlePaths.consoleStyles, false));

  app.use('/demo', express.static(bundlePaths.demoShop, { index: 'index.html' }));
  app.get('/', (_req, res) => res.sendFile(bundlePaths.landingPage));
  return app;
}
