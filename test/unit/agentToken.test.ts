import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AGENT_TOKEN_AUDIENCE, signAgentToken, TokenError, verifyAgentToken } from '../../server/src/auth/agentToken';
import { hs256Policy, type AgentTokenPolicy } from '../../server/src/auth/agentTokenPolicy';

const SECRET = 'unit-test-secret-unit-test-secret-0123456789';
const POLICY = hs256Policy(SECRET);
const now = (): number => Math.floor(Date.now() / 1000);

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs header and payload by hand with HMAC-SHA256, for claims jsonwebtoken.sign refuses to write. */
function handSigned(payload: Record<string, unknown>): string {
  const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

/** Signs arbitrary claims with jsonwebtoken directly (HS256 unless told otherwise). */
function craft(payload: Record<string, unknown>, options: jwt.SignOptions = {}, secret = SECRET): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', ...options });
}

/** Claims of a good token: everything verifyAgentToken needs. */
const good = (): Record<string, unknown> => ({
  sub: 'agent-7',
  name: 'Alice',
  org: 'Support',
  aud: AGENT_TOKEN_AUDIENCE,
  iat: now(),
  exp: now() + 600,
});

function refusal(token: string, policy: AgentTokenPolicy = POLICY): TokenError {
  try {
    verifyAgentToken(token, policy);
  } catch (err) {
    expect(err).toBeInstanceOf(TokenError);
    expect((err as TokenError).name).toBe('TokenError');
    expect((err as TokenError).message).toMatch(/^agent token refused: /);
    return err as TokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('verifyAgentToken: accepted tokens', () => {
  it('returns id, name, org, exp and role for a valid HS256 token', () => {
    const claims = good();
    expect(verifyAgentToken(craft(claims), POLICY)).toStrictEqual({ id: 'agent-7', name: 'Alice', org: 'Support', exp: claims['exp'], role: 'agent' });
  });

  it('accepts a token from signAgentToken with the default 8h lifetime', () => {
    const before = now();
    const identity = verifyAgentToken(signAgentToken({ sub: 'a1', name: 'Bob' }, SECRET), POLICY);
    expect(identity).toMatchObject({ id: 'a1', name: 'Bob' });
    expect(identity.org).toBeUndefined();
    expect(identity.exp).toBeGreaterThanOrEqual(before + 8 * 3600);
    expect(identity.exp).toBeLessThanOrEqual(now() + 8 * 3600);
  });

  it('signAgentToken writes HS256 with the lookalong audience', () => {
    const decoded = jwt.decode(signAgentToken({ sub: 'a1', name: 'Bob', org: 'X' }, SECRET, 60), { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
    expect(decoded?.payload).toMatchObject({ sub: 'a1', name: 'Bob', org: 'X', aud: 'lookalong' });
  });

  it('accepts an audience array that contains lookalong', () => {
    expect(verifyAgentToken(craft({ ...good(), aud: ['helpdesk', AGENT_TOKEN_AUDIENCE] }), POLICY).id).toBe('agent-7');
  });

  it('trims the name', () => {
    expect(verifyAgentToken(craft({ ...good(), name: '  Alice  ' }), POLICY).name).toBe('Alice');
  });

  it('drops an org that is not a short non-empty string, without refusing the token', () => {
    for (const org of [42, '', 'o'.repeat(129), { a: 1 }]) {
      const identity = verifyAgentToken(craft({ ...good(), org }), POLICY);
      expect(identity).not.toHaveProperty('org');
    }
  });

  it('does not copy other claims into the identity', () => {
    const identity = verifyAgentToken(craft({ ...good(), iss: 'helpdesk', scope: 'everything', admin: true }), POLICY);
    expect(Object.keys(identity).sort()).toEqual(['exp', 'id', 'name', 'org', 'role']);
    expect(identity.role).toBe('agent');
  });

  it('reads each valid role claim', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(verifyAgentToken(craft({ ...good(), role }), POLICY).role).toBe(role);
      expect(verifyAgentToken(signAgentToken({ sub: 'a1', name: 'Bob', role }, SECRET, 60), POLICY).role).toBe(role);
    }
  });

  it('defaults the role to agent when the claim is absent', () => {
    expect(verifyAgentToken(craft(good()), POLICY).role).toBe('agent');
    const token = signAgentToken({ sub: 'a1', name: 'Bob' }, SECRET, 60);
    expect(jwt.decode(token)).not.toHaveProperty('role');
    expect(verifyAgentToken(token, POLICY).role).toBe('agent');
  });

  it('accepts an nbf in the past', () => {
    expect(verifyAgentToken(craft({ ...good(), nbf: now() - 60 }), POLICY).id).toBe('agent-7');
  });
});

describe('verifyAgentToken: refused tokens', () => {
  it('refuses a token signed with another secret', () => {
    expect(refusal(craft(good(), {}, 'another-secret-another-secret-another')).message).toMatch(/invalid signature/);
  });

  it('refuses alg none (unsigned token)', () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(good())}.`;
    refusal(token);
  });

  it('refuses alg none even with a trailing garbage signature', () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(good())}.AAAA`;
    refusal(token);
  });

  it('refuses a correctly signed HS512 token (only HS256 is allowed)', () => {
    expect(refusal(craft(good(), { algorithm: 'HS512' })).message).toMatch(/invalid algorithm/);
  });

  it('refuses a correctly signed HS384 token', () => {
    expect(refusal(craft(good(), { algorithm: 'HS384' })).message).toMatch(/invalid algorithm/);
  });

  it('refuses a token without exp', () => {
    const { exp: _omit, ...claims } = good();
    expect(refusal(craft(claims)).message).toBe('agent token refused: exp is required');
  });

  it('refuses a non-numeric exp', () => {
    expect(verifyAgentToken(handSigned(good()), POLICY).id).toBe('agent-7'); // the hand signer itself is sound
    refusal(handSigned({ ...good(), exp: String(now() + 600) }));
    refusal(handSigned({ ...good(), exp: null }));
  });

  it('refuses an expired token', () => {
    expect(refusal(craft({ ...good(), exp: now() - 60 })).message).toMatch(/jwt expired/);
  });

  it('refuses a token for another audience', () => {
    expect(refusal(craft({ ...good(), aud: 'other-app' })).message).toMatch(/audience invalid/);
  });

  it('refuses a token without an audience', () => {
    const { aud: _omit, ...claims } = good();
    expect(refusal(craft(claims)).message).toMatch(/audience invalid/);
  });

  it('refuses an audience that only contains lookalong as a substring', () => {
    refusal(craft({ ...good(), aud: 'lookalong-staging' }));
    refusal(craft({ ...good(), aud: 'notlookalong' }));
  });

  it('refuses a token without a name, or with a blank or overlong one', () => {
    const { name: _omit, ...claims } = good();
    expect(refusal(craft(claims)).message).toBe('agent token refused: name is required');
    expect(refusal(craft({ ...good(), name: '   ' })).message).toBe('agent token refused: name is required');
    expect(refusal(craft({ ...good(), name: 'n'.repeat(129) })).message).toBe('agent token refused: name is required');
    expect(refusal(craft({ ...good(), name: 7 })).message).toBe('agent token refused: name is required');
  });

  it('refuses a token without a sub, or with an empty, overlong or non-string one', () => {
    const { sub: _omit, ...claims } = good();
    expect(refusal(craft(claims)).message).toBe('agent token refused: sub is required');
    expect(refusal(craft({ ...good(), sub: '' })).message).toBe('agent token refused: sub is required');
    expect(refusal(craft({ ...good(), sub: 's'.repeat(257) })).message).toBe('agent token refused: sub is required');
    expect(refusal(craft({ ...good(), sub: 12345 })).message).toBe('agent token refused: sub is required');
  });

  it('refuses a token whose payload was tampered with after signing', () => {
    const [header, , signature] = craft(good()).split('.');
    const forged = `${header}.${b64url({ ...good(), sub: 'supervisor', name: 'Mallory' })}.${signature}`;
    expect(refusal(forged).message).toMatch(/invalid signature/);
  });

  it('refuses a token whose header was swapped to another algorithm', () => {
    const [, payload, signature] = craft(good()).split('.');
    refusal(`${b64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`);
  });

  it('refuses a token that is not yet valid (nbf in the future)', () => {
    expect(refusal(craft({ ...good(), nbf: now() + 3600 })).message).toMatch(/jwt not active/);
  });

  it('refuses a role outside agent, supervisor and admin', () => {
    for (const role of ['root', 'Admin', 'SUPERVISOR', '', ' admin', null, 1, true, ['admin'], { admin: true }]) {
      expect(refusal(craft({ ...good(), role })).message).toBe('agent token refused: role must be agent, supervisor or admin');
    }
  });

  it('refuses a token whose role was raised after signing', () => {
    const [header, , signature] = craft(good()).split('.');
    expect(refusal(`${header}.${b64url({ ...good(), role: 'admin' })}.${signature}`).message).toMatch(/invalid signature/);
  });

  it('refuses garbage and empty strings', () => {
    for (const token of ['', 'not-a-jwt', 'a.b.c', '...']) refusal(token);
  });

  it('refuses a token whose payload is a JSON string rather than an object', () => {
    refusal(jwt.sign('just a string', SECRET, { algorithm: 'HS256' }));
  });

});

describe('verifyAgentToken: the optional sites claim', () => {
  it('is absent from the identity when the token has none (all sites)', () => {
    expect(verifyAgentToken(craft(good()), POLICY)).not.toHaveProperty('sites');
  });

  it('carries the listed site keys, also through signAgentToken', () => {
    expect(verifyAgentToken(craft({ ...good(), sites: ['shop-a', 'shop_b'] }), POLICY).sites).toEqual(['shop-a', 'shop_b']);
    expect(verifyAgentToken(signAgentToken({ sub: 'a1', name: 'Bob', sites: ['demo'] }, SECRET, 60), POLICY).sites).toEqual(['demo']);
    expect(verifyAgentToken(craft({ ...good(), sites: [] }), POLICY).sites).toEqual([]);
  });

  it('refuses a sites claim that is not an array of site keys', () => {
    for (const sites of ['demo', [42], ['bad key'], [''], ['s'.repeat(65)], Array.from({ length: 257 }, (_, i) => `s${i}`), null]) {
      expect(refusal(craft({ ...good(), sites })).message).toBe('agent token refused: sites must be an array of at most 256 site keys');
    }
  });
});

describe('verifyAgentToken: the deployment policy (RFC 8725)', () => {
  it('requires iat, and refuses a token older than the maximum age even before its exp', () => {
    const policy = hs256Policy(SECRET, { maxAgeSeconds: 3600 });
    expect(verifyAgentToken(craft({ ...good(), iat: now() - 3000 }), policy).id).toBe('agent-7');
    expect(refusal(craft({ ...good(), iat: now() - 7200, exp: now() + 600 }), policy).message).toMatch(/maxAge exceeded/);
    const { iat: _omit, ...claims } = good();
    expect(refusal(craft(claims, { noTimestamp: true })).message).toMatch(/iat required/);
  });

  it('allows 30 s of clock drift on exp and nbf, and no more', () => {
    expect(verifyAgentToken(craft({ ...good(), exp: now() - 20 }), POLICY).id).toBe('agent-7');
    expect(verifyAgentToken(craft({ ...good(), nbf: now() + 20 }), POLICY).id).toBe('agent-7');
    refusal(craft({ ...good(), exp: now() - 40 }));
    refusal(craft({ ...good(), nbf: now() + 40 }));
  });

  it('checks iss only when an issuer is configured, and then exactly', () => {
    const policy = hs256Policy(SECRET, { issuer: 'https://desk.example' });
    expect(verifyAgentToken(craft({ ...good(), iss: 'https://desk.example' }), policy).id).toBe('agent-7');
    expect(refusal(craft({ ...good(), iss: 'https://desk.example.evil' }), policy).message).toMatch(/issuer invalid/);
    expect(refusal(craft(good()), policy).message).toMatch(/issuer invalid/);
    expect(verifyAgentToken(craft({ ...good(), iss: 'anyone' }), POLICY).id).toBe('agent-7');
  });

  it('refuses a token without a sites claim when the policy requires one', () => {
    const policy = hs256Policy(SECRET, { requireSitesClaim: true });
    expect(refusal(craft(good()), policy).message).toBe('agent token refused: a sites claim is required');
    expect(verifyAgentToken(craft({ ...good(), sites: ['demo'] }), policy).sites).toEqual(['demo']);
  });

  it('verifies RS256 and ES256 with a public key, and refuses HS256 signed with that public key', () => {
    for (const [type, algorithm, options] of [
      ['rsa', 'RS256', { modulusLength: 2048 }],
      ['ec', 'ES256', { namedCurve: 'prime256v1' }],
    ] as const) {
      const pair = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
      const policy: AgentTokenPolicy = { ...hs256Policy(SECRET), algorithm, key: pair.publicKey };
      expect(verifyAgentToken(jwt.sign(good(), pair.privateKey, { algorithm }), policy).id).toBe('agent-7');
      const pem = pair.publicKey.export({ type: 'spki', format: 'pem' });
      // Algorithm confusion: the public key (known to everyone) used as an HMAC secret.
      const confused = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(good())}`;
      const forged = `${confused}.${createHmac('sha256', pem).update(confused).digest('base64url')}`;
      expect(refusal(forged, policy).message).toMatch(/invalid algorithm/);
    }
  });
});
