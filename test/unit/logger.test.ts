import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, isLogLevel, REDACTED } from '../../server/src/ops/logger';

/** A logger writing JSON lines into an array. */
function capture(level: Parameters<typeof createLogger>[0] = 'info'): { lines: Array<Record<string, unknown>>; log: ReturnType<typeof createLogger> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger(level, sink) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, time, service and message', () => {
    const { lines, log } = capture();
    log.info({ sessionId: 'abc' }, 'session created');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, service: 'lookalong', sessionId: 'abc', msg: 'session created' });
    expect(typeof lines[0]!['time']).toBe('number');
  });

  it('censors tokens, tickets, session codes, resume tokens, secrets and Authorization headers', () => {
    const { lines, log } = capture();
    const secrets = {
      token: 'eyJhbGciOiJIUzI1NiJ9.agent',
      ticket: 'ticket-123',
      code: '483920',
      resumeToken: 'resume-abc',
      shopperToken: 'shopper-abc',
      secret: 'site-secret-abc',
      req: { headers: { authorization: 'Bearer eyJ.agent', cookie: 'sid=1', host: 'relay.example' } },
      session: { id: 'f0e1', code: '112233', sessionCode: '112233' },
      agent: { id: 'alice', token: 'eyJ.nested', tickets: { ticket: 'deep-ticket' } },
      webhook: { site: 'demo', secret: 'whsec', headers: { Authorization: 'Bearer x' } },
    };
    log.warn(secrets, 'something happened');
    const line = JSON.stringify(lines[0]);
    for (const raw of ['eyJhbGciOiJIUzI1NiJ9.agent', 'ticket-123', '483920', 'resume-abc', 'shopper-abc', 'site-secret-abc', 'Bearer eyJ.agent', 'sid=1', '112233', 'eyJ.nested', 'deep-ticket', 'whsec', 'Bearer x']) {
      expect(line).not.toContain(raw);
    }
    expect(lines[0]).toMatchObject({
      token: REDACTED,
      ticket: REDACTED,
      code: REDACTED,
      resumeToken: REDACTED,
      shopperToken: REDACTED,
      secret: REDACTED,
      req: { headers: { authorization: REDACTED, cookie: REDACTED, host: 'relay.example' } },
      session: { id: 'f0e1', code: REDACTED, sessionCode: REDACTED },
      agent: { id: 'alice', token: REDACTED, tickets: { ticket: REDACTED } },
      webhook: { site: 'demo', secret: REDACTED },
    });
  });

  it('keeps a system error code readable', () => {
    const { lines, log } = capture();
    const err = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    log.error({ err }, 'read failed');
    expect(lines[0]).toMatchObject({ err: { message: 'no such file', code: 'ENOENT' } });
  });

  it('writes nothing at level silent', () => {
    const { lines, log } = capture('silent');
    log.fatal('gone');
    expect(lines).toEqual([]);
  });

  it('knows the levels LOOKALONG_LOG_LEVEL accepts', () => {
    expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].every(isLogLevel)).toBe(true);
    expect(isLogLevel('verbose')).toBe(false);
  });
});
