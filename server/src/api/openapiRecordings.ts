/** The OpenAPI part of session recordings: the review API and the shopper's deletion. */
import { error, json, ref, unauthorized, type OpenApiDocument } from './openapiParts';

const idParameter = { name: 'id', in: 'path' as const, required: true, description: 'the recording id (UUID)', schema: { type: 'string', format: 'uuid' }, example: '00000000-0000-4000-8000-000000000000' };
const notFound = error('no such recording, or one of a site the caller may not see (the same answer)');

/** Paths of the recordings API. */
export const RECORDING_PATHS: OpenApiDocument['paths'] = {
  '/api/recordings': {
    get: {
      operationId: 'listRecordings',
      summary: 'Consented session recordings, newest first.',
      description: 'Only the sites of the token\'s `sites` claim when it has one. Recordings exist only for sites named in LOOKALONG_RECORDINGS, and only when the shopper switched the recording on in the consent dialog.',
      tags: ['supervisors'],
      security: [{ agentToken: [] }],
      parameters: [
        { name: 'limit', in: 'query', required: false, description: 'rows per page, 1 to 500 (default 100)', schema: { type: 'integer', minimum: 1, maximum: 500 }, example: '100' },
        { name: 'after', in: 'query', required: false, description: 'the `next` of the previous page', schema: { type: 'string' }, example: '1796540133355_00000000-0000-4000-8000-000000000000' },
      ],
      responses: {
        '200': {
          description: 'one page of recordings; `next` is null on the last page',
          content: json({ type: 'object', required: ['recordings', 'next'], properties: { recordings: { type: 'array', items: ref('RecordingSummary') }, next: { type: ['string', 'null'] } } }),
        },
        '400': error('limit is not 1 to 500, or after is not a `next` of this API'),
        '401': unauthorized,
        '403': error('token role is `agent`'),
      },
    },
  },
  '/api/recordings/{id}': {
    get: {
      operationId: 'getRecording',
      summary: 'One recording, decrypted for the review page\'s player; the viewing is audited (`recording.viewed`).',
      description: 'Items in the order they were kept: `frame` (the envelope-coded frame the relay forwarded, base64; the payload is the rrweb event as the SDK sent it, JSON or gzip), `mark` (a mark change as the shopper\'s page got it), `audit` (the session\'s audit events). `at` is the relay\'s clock, ms since the epoch.',
      tags: ['supervisors'],
      security: [{ agentToken: [] }],
      parameters: [idParameter],
      responses: {
        '200': { description: 'the recording', content: json(ref('Recording')) },
        '401': unauthorized,
        '403': error('token role is `agent`'),
        '404': notFound,
        '409': error('a stored chunk is missing or fails its integrity check (see `npm run audit:verify`)'),
      },
    },
    delete: {
      operationId: 'deleteRecording',
      summary: 'Deletes a recording now (audited as `recording.deleted`).',
      description: 'An admin token (its `sites` claim, when present, must cover the recording\'s site), or the secret of the recording\'s site.',
      tags: ['supervisors', 'shop backends'],
      security: [{ agentToken: [] }, { siteSecret: [] }],
      parameters: [idParameter],
      responses: {
        '204': { description: 'deleted' },
        '401': unauthorized,
        '403': error('token role is not `admin`'),
        '404': notFound,
      },
    },
  },
  '/shopper/recordings/{id}': {
    delete: {
      operationId: 'deleteRecordingByShopper',
      summary: 'The shopper\'s page deletes its session\'s recording ("Delete the recording" after Stop).',
      description: 'With the one-time token the relay gave that tab (`recording` message), within LOOKALONG_RECORDING_DELETE_WINDOW_MS after the session ended. CORS is open: the token is the only credential. Audited as `recording.deleted` by `shopper`.',
      tags: ['shoppers'],
      security: [{ shopperDeleteToken: [] }],
      parameters: [idParameter],
      responses: {
        '204': { description: 'deleted' },
        '401': error('missing deletion token'),
        '403': error('the token is not this recording\'s'),
        '404': error('no such recording (already deleted?)'),
        '409': error('the session is still going on'),
        '410': error('the deletion window has passed'),
      },
    },
  },
};

const agent = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } } };

/** Schemas of the recordings API. */
export const RECORDING_SCHEMAS: OpenApiDocument['components']['schemas'] = {
  RecordingSummary: {
    type: 'object',
    required: ['id', 'session', 'site', 'agents', 'startedAt', 'durationMs'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      session: { type: 'string', format: 'uuid' },
      site: { type: 'string' },
      agents: { type: 'array', items: agent, description: 'who watched while it ran' },
      startedAt: { type: 'string', format: 'date-time' },
      durationMs: { type: 'integer' },
    },
  },
  Recording: {
    allOf: [
      ref('RecordingSummary'),
      {
        type: 'object',
        required: ['endedAt', 'items'],
        properties: {
          endedAt: { type: ['string', 'null'], format: 'date-time' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['at', 'kind'],
              properties: {
                at: { type: 'integer' },
                kind: { enum: ['frame', 'mark', 'audit'] },
                data: { type: 'string', contentEncoding: 'base64', description: 'frame: the envelope-coded frame' },
                message: { type: 'object', description: 'mark: the annotation message (add, remove, clear) with `by`' },
                type: { type: 'string', description: 'audit: the event type' },
                actor: { type: 'string' },
                detail: { type: 'object' },
              },
            },
          },
        },
      },
    ],
  },
};
