/**
 * The REST API as an OpenAPI 3.1 document, served at `GET /api/openapi.json`. Hand-written;
 * test/integration/openapi.test.ts checks it against the express app's real routes (every
 * documented operation exists and answers with a documented status; every /api route is documented).
 */

import { RECORDING_PATHS, RECORDING_SCHEMAS } from './openapiRecordings';
import { error, json, plainText, ref, unauthorized, type OpenApiDocument } from './openapiParts';

/** One operation (path + method), as the contract test reads it. */
export type { OperationObject } from './openapiParts';

/** The Lookalong REST API. */
export const openapiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Lookalong',
    version: '0.1.0',
    description: 'Consent-first co-browsing for shop support: the agents\' queue, sessions opened and ended by a shop\'s backend, audit trails, the asset proxy of the agent console\'s replay, and the operations endpoints. Real-time traffic uses the WebSockets /ws/shopper and /ws/agent (see docs/protocol.md).',
  },
  paths: {
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Liveness: the process answers.',
        tags: ['operations'],
        responses: { '200': { description: 'alive', content: json({ type: 'object', required: ['ok'], properties: { ok: { const: true } } }) } },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readiness',
        summary: 'Readiness: every check passes (not shutting down, audit log writable; Redis reachable when configured).',
        tags: ['operations'],
        responses: {
          '200': { description: 'ready', content: json(ref('Readiness')) },
          '503': { description: 'not ready (reasons are logged, not answered)', content: json(ref('Readiness')) },
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics (text exposition format).',
        description: 'Open unless LOOKALONG_METRICS_TOKEN is set; then that token is required as a bearer token.',
        tags: ['operations'],
        security: [{}, { metricsToken: [] }],
        responses: {
          '200': { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
          '401': unauthorized,
        },
      },
    },
    '/assets/proxy': {
      get: {
        operationId: 'proxyAsset',
        summary: 'A shop\'s stylesheet, font or image from one of the site\'s origins, served from this origin for the agent console\'s replay.',
        description: 'The console routes stylesheets, @imports and fonts it cannot load from the shop\'s origins here. Only the site\'s LOOKALONG_SITES page origins and LOOKALONG_ASSET_ORIGINS are fetched, never a loopback, private or link-local address; at most 3 redirects, each checked again. Stylesheets come back with their @imports and fonts routed through this proxy. HEAD answers the same; any other method 405. No CORS: same-origin use only.',
        tags: ['agents'],
        parameters: [
          { name: 'site', in: 'query', required: true, description: 'the site key (LOOKALONG_SITES)', schema: { type: 'string' }, example: 'demo' },
          { name: 'url', in: 'query', required: true, description: 'the asset\'s absolute http(s) URL', schema: { type: 'string', format: 'uri' }, example: 'https://cdn.shop.example/main.css' },
        ],
        responses: {
          '200': {
            description: 'the asset (text/css, font/*, application/vnd.ms-fontobject or image/*), cacheable for 10 minutes',
            content: { 'text/css': { schema: { type: 'string' } }, 'font/woff2': { schema: { type: 'string', format: 'binary' } }, 'image/*': { schema: { type: 'string', format: 'binary' } } },
          },
          '403': plainText('not an absolute http(s) URL, user info in the URL, an origin not allowed for the site, or a host with a loopback, private or link-local address (also after a redirect)'),
          '404': plainText('unknown site, or not found upstream'),
          '502': plainText('upstream failed: unreachable, an error status, a type that is no stylesheet, font or image, larger than LOOKALONG_ASSET_MAX_BYTES, or more than 3 redirects'),
          '504': plainText('upstream took longer than LOOKALONG_ASSET_TIMEOUT_MS'),
        },
      },
    },
    '/api/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document.',
        tags: ['api'],
        responses: { '200': { description: 'the OpenAPI document', content: json({ type: 'object' }) } },
      },
    },
    '/api/tickets': {
      post: {
        operationId: 'issueAgentTicket',
        summary: 'Trades the agent JWT for a one-time agent-socket ticket.',
        tags: ['agents'],
        security: [{ agentToken: [] }],
        responses: {
          '200': { description: 'a ticket for the next `join`', content: json(ref('AgentTicket')) },
          '401': unauthorized,
          '429': error('too many unused tickets for this agent'),
          '503': error('too many unused tickets'),
        },
      },
    },
    '/api/sessions': {
      get: {
        operationId: 'listSessions',
        summary: 'The agents\' queue: waiting and live sessions, longest waiting first.',
        description: 'Only the sites of the token\'s `sites` claim when it has one.',
        tags: ['agents'],
        security: [{ agentToken: [] }],
        responses: {
          '200': { description: 'the queue: sessions whose shopper page is connected, at most LOOKALONG_QUEUE_MAX, shared out across sites', content: json({ type: 'object', required: ['sessions', 'omitted'], properties: { sessions: { type: 'array', items: ref('QueueEntry') }, omitted: { type: 'integer', description: 'sessions the cap left out' } } }) },
          '401': unauthorized,
        },
      },
      post: {
        operationId: 'createSession',
        summary: 'A shop\'s backend opens a help session for a customer it knows.',
        description: 'The site is the one whose secret is presented. Hand `shopperToken` to the customer\'s page and call `Lookalong.requestHelp(shopperToken)` there: the SDK joins this session and shows its code. Nothing is shared before the shopper clicks Allow. A session no page picks up within LOOKALONG_API_SESSION_TTL_MS ends by itself; a site may have at most LOOKALONG_API_SESSIONS_PER_SITE of those waiting at once.',
        tags: ['shop backends'],
        security: [{ siteSecret: [] }],
        requestBody: { required: false, content: json(ref('CreateSessionRequest')) },
        responses: {
          '201': { description: 'the session, waiting for the shopper\'s page', content: json(ref('CreatedSession')) },
          '400': error('invalid body'),
          '401': error('missing or unknown site secret'),
          '413': error('body larger than 4 KB'),
          '429': {
            ...error('the site has LOOKALONG_API_SESSIONS_PER_SITE sessions (default 1000) that no page has picked up yet'),
            headers: { 'Retry-After': { description: 'seconds until the site\'s oldest such session stops waiting (one may be picked up sooner)', schema: { type: 'integer', minimum: 1 } } },
          },
        },
      },
    },
    '/api/sessions/{code}/end': {
      post: {
        operationId: 'endSession',
        summary: 'Ends a session now, like the agent\'s End button.',
        description: 'A supervisor or admin token (its `sites` claim, when present, must cover the session), or the secret of the session\'s site.',
        tags: ['shop backends', 'supervisors'],
        security: [{ agentToken: [] }, { siteSecret: [] }],
        parameters: [{ name: 'code', in: 'path', required: true, description: 'the 6-digit session code', schema: { type: 'string', pattern: '^\\d{6}$' }, example: '000000' }],
        responses: {
          '200': { description: 'ended', content: json(ref('EndedSession')) },
          '400': error('code is not 6 digits'),
          '401': unauthorized,
          '403': error('token role is `agent`'),
          '404': error('no open session has this code (or it belongs to another site)'),
        },
      },
    },
    '/api/sessions/{id}/audit': {
      get: {
        operationId: 'sessionAudit',
        summary: 'One session\'s audit trail, with whether the whole log\'s hash chain verifies.',
        tags: ['supervisors'],
        security: [{ agentToken: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, description: 'the session id (UUID)', schema: { type: 'string', format: 'uuid' }, example: '00000000-0000-4000-8000-000000000000' }],
        responses: {
          '200': { description: 'the entries', content: json(ref('SessionAudit')) },
          '400': error('id is not a UUID'),
          '401': unauthorized,
          '403': error('token role is `agent`'),
          '404': error('no entries for this session'),
        },
      },
    },
    ...RECORDING_PATHS,
  },
  components: {
    securitySchemes: {
      agentToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Agent JWT (see docs/agent-console-and-tokens.md, Agent tokens); roles agent, supervisor, admin.' },
      siteSecret: { type: 'http', scheme: 'bearer', description: 'The site\'s secret from LOOKALONG_SITE_SECRETS (server-to-server only; never in a page).' },
      metricsToken: { type: 'http', scheme: 'bearer', description: 'LOOKALONG_METRICS_TOKEN, when set.' },
      shopperDeleteToken: { type: 'http', scheme: 'bearer', description: 'The one-time recording deletion token the relay gave the shopper\'s tab.' },
    },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      Readiness: {
        type: 'object',
        required: ['ready', 'checks'],
        properties: { ready: { type: 'boolean' }, checks: { type: 'object', additionalProperties: { enum: ['ok', 'failing'] } } },
      },
      AgentTicket: {
        type: 'object',
        required: ['ticket', 'expiresInMs'],
        properties: { ticket: { type: 'string' }, expiresInMs: { type: 'integer' } },
      },
      QueueEntry: {
        type: 'object',
        required: ['code', 'site', 'state', 'title', 'lang', 'createdAt', 'waitingMs', 'viewers', 'away'],
        properties: {
          code: { type: 'string', pattern: '^\\d{6}$' },
          site: { type: 'string' },
          state: { enum: ['waiting', 'live'] },
          title: { type: ['string', 'null'], maxLength: 120 },
          lang: { type: 'string' },
          createdAt: { type: 'integer', description: 'ms since the epoch' },
          waitingMs: { type: 'integer' },
          viewers: { type: 'integer' },
          away: { type: 'boolean', description: "the shopper's page is not connected right now" },
        },
      },
      CreateSessionRequest: {
        type: 'object',
        properties: {
          lang: { type: 'string', default: 'en', description: 'the shopper\'s language (BCP 47), recorded in consent receipts' },
          title: { type: 'string', maxLength: 120, description: 'the label agents see in the queue, e.g. "Order 1042 – delivery question"; the shop decides what it contains' },
        },
      },
      CreatedSession: {
        type: 'object',
        required: ['sessionId', 'code', 'site', 'shopperToken', 'expiresAt'],
        properties: {
          sessionId: { type: 'string', format: 'uuid' },
          code: { type: 'string', pattern: '^\\d{6}$' },
          site: { type: 'string' },
          shopperToken: { type: 'string', description: 'secret: for the customer\'s page only, `Lookalong.requestHelp(shopperToken)`' },
          expiresAt: { type: 'integer', description: 'ms since the epoch; the session ends then unless a page has picked it up' },
        },
      },
      EndedSession: {
        type: 'object',
        required: ['sessionId', 'code', 'state'],
        properties: { sessionId: { type: 'string', format: 'uuid' }, code: { type: 'string' }, state: { const: 'ended' } },
      },
      AuditEntry: {
        type: 'object',
        required: ['ts', 'prev', 'hash', 'type', 'session', 'site', 'actor'],
        properties: {
          ts: { type: 'string', format: 'date-time' },
          prev: { type: 'string' },
          hash: { type: 'string' },
          type: { type: 'string' },
          session: { type: 'string' },
          site: { type: 'string' },
          actor: { type: 'string' },
          detail: { type: 'object' },
        },
      },
      SessionAudit: {
        type: 'object',
        required: ['session', 'entries', 'chainIntact'],
        properties: { session: { type: 'string' }, entries: { type: 'array', items: ref('AuditEntry') }, chainIntact: { type: 'boolean' } },
      },
      ...RECORDING_SCHEMAS,
    },
  },
};
