/**
 * Attack suite, "Identity" (issue 6): agent JWTs under RFC 8725 rules, one-time socket tickets,
 * sites-bound joins and token expiry — each attack thrown at a real server over HTTP and real
 * WebSockets. A refused token never gets a ticket (401 from `POST /api/tickets`); a refused
 * ticket closes the socket with 4001 before any session is touched.
 */
import { execFile } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../protocol/closeCodes';
import { AGENT_TOKEN_AUDIENCE } from '../../server/src/auth/agentToken';
import { connectClient, type RelayClient } from '../helpers/relayClient';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/testServer';

const ISSUER = 'https://desk.example';
const now = (): number => Math.floor(Date.now() / 1000);
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims of a token this server accepts. */
const goodClaims = (): Record<string, unknown> => ({ sub: 'agent-eve', name: 'Eve', aud: AGENT_TOKEN_AUDIENCE, iss: ISSUER, iat: now(), exp: now() + 600 });
/** Signs claims with the server's HS256 secret (or `options` say otherwise). */
const hs = (claims: Record<string, unknown>, options: jwt.SignOptions = {}, secret = TEST_JWT_SECRET): string =>
  jwt.sign(claims, secret, { algorithm: 'HS256', ...options });

describe('attack suite: identity', () => {
  let server: TestServer;
  const sockets: RelayClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      LOOKALONG_JWT_ISSUER: ISSUER,
      LOOKALONG_SITES: JSON.stringify({ demo: ['self', 'http://127.0.0.1:*'], 'other-shop': ['https://other-shop.example'] }),
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  /** A waiting shopper session on site `demo`. */
  async function openWaiting(): Promise<{ shopper: RelayClient; code: string }> {
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    sockets.push(shopper);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    return { shopper, code: (await shopper.nextJson('session'))['code'] as string };
  }

  /** Opens an agent socket and sends `join` with `ticket`. */
  async function joinWith(ticket: string, code: string): Promise<RelayClient> {
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    sockets.push(agent);
    agent.sendJson({ t: 'join', ticket, code });
    return agent;
  }

  /** Asserts the token gets no ticket, and returns the refusal's message. */
  async function refusedToken(token: string): Promise<string> {
    const { status, body } = await server.requestTicket(token);
    expect(status).toBe(401);
    expect(body).not.toHaveProperty('ticket');
    return body['error'] as string;
  }

  it('control: a good token gets a 30 s one-time ticket that joins', async () => {
    const { shopper, code } = await openWaiting();
    const { status, body } = await server.requestTicket(hs(goodClaims()));
    expect(status).toBe(200);
    expect(body).toStrictEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresInMs: 30_000 });
    const agent = await joinWith(body['ticket'] as string, code);
    expect(await agent.nextJson('joining')).toEqual({ t: 'joining', code, site: 'demo' });
    expect((await shopper.nextJson('join-request'))['agent']).toStrictEqual({ id: 'agent-eve', name: 'Eve' });
  });

  it('alg none', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(goodClaims())}.`;
    await refusedToken(unsigned);
    await refusedToken(jwt.sign(goodClaims(), '', { algorithm: 'none' }));
  });

  it('HS256 signed with the RS public key (RS256 configured)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsServer = await startTestServer({ LOOKALONG_JWT_SECRET: '', LOOKALONG_JWT_PUBLIC_KEY: pem });
    try {
      expect(rsServer.config.agentTokens.algorithm).toBe('RS256');
      const claims = { sub: 'agent-eve', name: 'Eve', aud: AGENT_TOKEN_AUDIENCE, exp: now() + 600 };
      expect((await rsServer.requestTicket(jwt.sign(claims, privateKey, { algorithm: 'RS256' }))).status).toBe(200);
      // The public key is public: an attacker uses it as an HMAC secret and hopes the server does too.
      const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
      const confused = `${unsigned}.${createHmac('sha256', pem).update(unsigned).digest('base64url')}`;
      const refused = await rsServer.requestTicket(confused);
      expect(refused.status).toBe(401);
      expect(refused.body['error']).toMatch(/invalid algorithm/);
      // And the HS secret other servers use means nothing here.
      expect((await rsServer.requestTicket(hs(claims))).status).toBe(401);
    } finally {
      await rsServer.close();
    }
  });

  it('unlisted algorithm (HS512, HS384)', async () => {
    expect(await refusedToken(hs(goodClaims(), { algorithm: 'HS512' }))).toMatch(/invalid algorithm/);
    expect(await refusedToken(hs(goodClaims(), { algorithm: 'HS384' }))).toMatch(/invalid algorithm/);
  });

  it('missing exp', async () => {
    const { exp: _omit, ...claims } = goodClaims();
    expect(await refusedToken(hs(claims))).toBe('agent token refused: exp is required');
  });

  it('expired exp (past the 30 s clock tolerance)', async () => {
    expect(await refusedToken(hs({ ...goodClaims(), exp: now() - 60 }))).toMatch(/jwt expired/);
  });

  it('future nbf (past the 30 s clock tolerance)', async () => {
    expect(await refusedToken(hs({ ...goodClaims(), nbf: now() + 120 }))).toMatch(/jwt not active/);
  });

  it('token older than LOOKALONG_JWT_MAX_AGE, even with a far exp', async () => {
    expect(await refusedToken(hs({ ...goodClaims(), iat: now() - 13 * 3600, exp: now() + 3600 }))).toMatch(/maxAge exceeded/);
  });

  it('wrong aud', async () => {
    expect(await refusedToken(hs({ ...goodClaims(), aud: 'another-app' }))).toMatch(/audience invalid/);
    expect(await refusedToken(hs({ ...goodClaims(), aud: 'lookalong-staging' }))).toMatch(/audience invalid/);
  });

  it('wrong iss', async () => {
    expect(await refusedToken(hs({ ...goodClaims(), iss: 'https://desk.example.evil.com' }))).toMatch(/issuer invalid/);
    const { iss: _omit, ...claims } = goodClaims();
    expect(await refusedToken(hs(claims))).toMatch(/issuer invalid/);
  });

  it('tampered payload', async () => {
    const [header, , signature] = hs(goodClaims()).split('.');
    const forged = `${header}.${b64url({ ...goodClaims(), sub: 'agent-boss', role: 'admin', sites: ['other-shop'] })}.${signature}`;
    expect(await refusedToken(forged)).toMatch(/invalid signature/);
  });

  it("token for another site's session", async () => {
    const { shopper, code } = await openWaiting();
    const outsider = hs({ ...goodClaims(), sub: 'agent-olga', sites: ['other-shop'] });
    // The queue does not list it…
    const queue = await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${outsider}` } });
    expect(((await queue.json()) as { sessions: Array<{ code: string }> }).sessions.map((s) => s.code)).not.toContain(code);
    // …and its code answers exactly like a code that does not exist.
    const ticket = async (): Promise<string> => (await server.requestTicket(outsider)).body['ticket'] as string;
    const other = await joinWith(await ticket(), code);
    const unknownCode = code === '000000' ? '000001' : '000000';
    const nowhere = await joinWith(await ticket(), unknownCode);
    expect((await other.nextJson('error'))['message']).toBe(`no waiting session has code ${code}`);
    expect((await nowhere.nextJson('error'))['message']).toBe(`no waiting session has code ${unknownCode}`);
    expect((await other.closed).code).toBe(CloseCode.unknownSession);
    expect((await nowhere.closed).code).toBe(CloseCode.unknownSession);
    expect(shopper.received.some((r) => r.kind === 'json' && r.value['t'] === 'join-request')).toBe(false);
    // An agent of that site may join.
    const insider = await joinWith((await server.requestTicket(hs({ ...goodClaims(), sites: ['demo'] }))).body['ticket'] as string, code);
    expect(await insider.nextJson('joining')).toEqual({ t: 'joining', code, site: 'demo' });
  });

  it('reused ticket', async () => {
    const { code } = await openWaiting();
    const ticket = (await server.requestTicket(hs(goodClaims()))).body['ticket'] as string;
    const first = await joinWith(ticket, code);
    await first.nextJson('joining');
    const replay = await joinWith(ticket, code);
    expect((await replay.nextJson('error'))['message']).toBe('ticket refused: unknown, already used or expired');
    expect(await replay.closed).toEqual({ code: CloseCode.unauthorized, reason: 'ticket refused: unknown, already used or expired' });
  });

  it('expired ticket (older than 30 s)', async () => {
    const { code } = await openWaiting();
    const ticket = (await server.requestTicket(hs(goodClaims()))).body['ticket'] as string;
    const realNow = Date.now.bind(Date);
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 30_001);
    try {
      const late = await joinWith(ticket, code);
      expect((await late.closed).code).toBe(CloseCode.unauthorized);
    } finally {
      clock.mockRestore();
    }
  });

  it('the JWT itself is never accepted on the socket', async () => {
    const { code } = await openWaiting();
    const agent = await connectClient(server.wsUrl('/ws/agent'), server.url);
    sockets.push(agent);
    agent.sendJson({ t: 'join', token: hs(goodClaims()), code });
    expect((await agent.closed).code).toBe(CloseCode.protocolError);
    const asTicket = await joinWith(hs(goodClaims()), code);
    expect((await asTicket.closed).code).toBe(CloseCode.protocolError);
  });

  it('long-lived agent socket closed when its token expires', async () => {
    const { code } = await openWaiting();
    const ticket = (await server.requestTicket(hs({ ...goodClaims(), exp: now() + 2 }))).body['ticket'] as string;
    const agent = await joinWith(ticket, code);
    await agent.nextJson('joining');
    expect(await agent.closed).toEqual({ code: CloseCode.unauthorized, reason: 'agent token expired' });
  });

  it('short HS secret refused at start-up', async () => {
    const run = promisify(execFile);
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, LOOKALONG_JWT_SECRET: 'too-short-secret', LOOKALONG_JWT_PUBLIC_KEY: '', PORT: '0' },
      timeout: 20_000,
    }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed).not.toBeNull();
    expect(failed!.code).toBe(1);
    expect(failed!.stderr.trim().split('\n')).toEqual(['config error: LOOKALONG_JWT_SECRET must be at least 32 bytes, got 16']);
    expect(failed!.stdout).not.toContain('listening');
  });
});
