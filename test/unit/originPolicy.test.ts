import { describe, expect, it } from 'vitest';
import { isOriginAllowed, isSameOrigin } from '../../server/src/relay/originPolicy';

const SELF = 'https://help.lookalong.example';
const allowed = (origin: string | undefined, patterns: readonly string[]): boolean => isOriginAllowed(origin, patterns, SELF);

describe('isOriginAllowed: allowed origins', () => {
  it('allows an exact origin match', () => {
    expect(allowed('https://shop.example', ['https://shop.example'])).toBe(true);
  });

  it('allows an exact match with an explicit non-default port', () => {
    expect(allowed('https://shop.example:8443', ['https://shop.example:8443'])).toBe(true);
  });

  it('allows the server\'s own public origin via `self`', () => {
    expect(allowed(SELF, ['self'])).toBe(true);
  });

  it('allows any port of a host via `scheme://host:*`', () => {
    for (const origin of ['http://localhost:3000', 'http://localhost:8080', 'http://localhost:1', 'http://localhost:65535']) {
      expect(allowed(origin, ['http://localhost:*'])).toBe(true);
    }
  });

  it('treats the default port (no port in the Origin header) as "any port"', () => {
    expect(allowed('http://localhost', ['http://localhost:*'])).toBe(true);
  });

  it('checks every pattern in the list', () => {
    expect(allowed('https://b.example', ['https://a.example', 'self', 'https://b.example'])).toBe(true);
  });
});

describe('isOriginAllowed: refused origins', () => {
  it('refuses a missing Origin header (non-browser clients must not bypass the check)', () => {
    expect(allowed(undefined, ['https://shop.example', 'self'])).toBe(false);
    expect(allowed('', ['https://shop.example', 'self'])).toBe(false);
  });

  it('refuses the opaque origin "null" (sandboxed iframes, file://, data: URLs)', () => {
    expect(allowed('null', ['https://shop.example', 'self', 'http://localhost:*'])).toBe(false);
    expect(allowed('null', ['null'])).toBe(false);
  });

  it('refuses an unparsable origin', () => {
    expect(allowed('not a url', ['not a url'])).toBe(false);
  });

  it('refuses everything for an empty pattern list', () => {
    expect(allowed('https://shop.example', [])).toBe(false);
  });

  it('refuses a suffix-extended host (substring/prefix matching would let an attacker domain in)', () => {
    expect(allowed('https://shop.example.evil.com', ['https://shop.example'])).toBe(false);
  });

  it('refuses a subdomain of an allowed host (no implicit wildcard subdomains)', () => {
    expect(allowed('https://evil.shop.example', ['https://shop.example'])).toBe(false);
  });

  it('refuses a look-alike host with a prefix (endsWith matching would let it in)', () => {
    expect(allowed('https://evilshop.example', ['https://shop.example'])).toBe(false);
  });

  it('refuses `localhost.evil.com` against `http://localhost:*` (host must be exact, not a prefix)', () => {
    expect(allowed('http://localhost.evil.com:8080', ['http://localhost:*'])).toBe(false);
    expect(allowed('http://localhost.evil.com', ['http://localhost:*'])).toBe(false);
  });

  it('refuses another scheme for a `:*` pattern (http page must not pass for an https-only site)', () => {
    expect(allowed('https://localhost:3000', ['http://localhost:*'])).toBe(false);
    expect(allowed('http://shop.example:8080', ['https://shop.example:*'])).toBe(false);
  });

  it('refuses another scheme for an exact pattern (downgrade to http)', () => {
    expect(allowed('http://shop.example', ['https://shop.example'])).toBe(false);
  });

  it('refuses another port for an exact pattern', () => {
    expect(allowed('https://shop.example:8443', ['https://shop.example'])).toBe(false);
    expect(allowed('https://shop.example', ['https://shop.example:8443'])).toBe(false);
  });

  it('refuses an Origin with a trailing slash (browsers never send one; it is not a serialised origin)', () => {
    expect(allowed('https://shop.example/', ['https://shop.example'])).toBe(false);
    expect(allowed('https://shop.example/', ['https://shop.example/'])).toBe(false);
  });

  it('refuses an Origin with a path, query or fragment', () => {
    expect(allowed('https://shop.example/path', ['https://shop.example'])).toBe(false);
    expect(allowed('https://shop.example?x=1', ['https://shop.example'])).toBe(false);
    expect(allowed('http://localhost:3000/x', ['http://localhost:*'])).toBe(false);
  });

  it('refuses an Origin with an explicit default port (:443) — browsers serialise without it, so it is not a real Origin', () => {
    expect(allowed('https://shop.example:443', ['https://shop.example'])).toBe(false);
    expect(allowed('https://shop.example:443', ['https://shop.example:443'])).toBe(false);
    expect(allowed('http://localhost:80', ['http://localhost:*'])).toBe(false);
  });

  it('refuses userinfo tricks (`allowed@evil` parses to host evil; `evil@allowed` is not a serialised origin)', () => {
    expect(allowed('https://shop.example@evil.com', ['https://shop.example'])).toBe(false);
    expect(allowed('https://evil.com@shop.example', ['https://shop.example'])).toBe(false);
    expect(allowed('http://evil@localhost:3000', ['http://localhost:*'])).toBe(false);
  });

  it('refuses uppercase Origins for exact and self patterns (comparison is case-sensitive on the raw header)', () => {
    expect(allowed('HTTPS://SHOP.EXAMPLE', ['https://shop.example'])).toBe(false);
    expect(allowed('https://Shop.Example', ['https://shop.example'])).toBe(false);
    expect(allowed(SELF.toUpperCase(), ['self'])).toBe(false);
  });

  it('matches an uppercase Origin against a `:*` pattern by its lowercased hostname (browsers never send uppercase anyway)', () => {
    // Not a bypass: the URL parser maps it to the very same host the pattern names.
    expect(allowed('http://LOCALHOST:3000', ['http://localhost:*'])).toBe(true);
  });

  it('`self` allows only the exact public origin, not other ports or hosts', () => {
    expect(allowed('https://help.lookalong.example:8443', ['self'])).toBe(false);
    expect(allowed('http://help.lookalong.example', ['self'])).toBe(false);
    expect(allowed('https://help.lookalong.example.evil.com', ['self'])).toBe(false);
  });

  it('does not treat the literal string "self" as an Origin', () => {
    expect(allowed('self', ['self'])).toBe(false);
  });

  it('refuses a wildcard-port Origin string itself (only patterns may contain :*)', () => {
    expect(allowed('http://localhost:*', ['http://localhost:*'])).toBe(false);
  });

  it('refuses IDN homographs that the URL parser punycodes (serialisation differs from the raw header)', () => {
    expect(allowed('https://shоp.example', ['https://shop.example'])).toBe(false); // Cyrillic "о"
  });

  it('refuses non-http(s) schemes whose URL origin is opaque', () => {
    expect(allowed('file://', ['file://'])).toBe(false);
    expect(allowed('chrome-extension://abcdef', ['chrome-extension://abcdef'])).toBe(false);
  });
});

describe('isSameOrigin', () => {
  it('matches the public URL and the host the request was sent to, in either scheme', () => {
    expect(isSameOrigin(SELF, undefined, SELF)).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080', SELF)).toBe(true);
    expect(isSameOrigin('https://console.example', 'console.example', SELF)).toBe(true);
    expect(isSameOrigin('http://[::1]:8080', '[::1]:8080', SELF)).toBe(true);
  });

  it('refuses foreign, null and missing origins, and never treats a Host header as a pattern', () => {
    expect(isSameOrigin('https://evil.example', '127.0.0.1:8080', SELF)).toBe(false);
    expect(isSameOrigin('null', 'null', SELF)).toBe(false);
    expect(isSameOrigin(undefined, '127.0.0.1:8080', SELF)).toBe(false);
    expect(isSameOrigin('https://evil.example', 'evil.example:*', SELF)).toBe(false);
    expect(isSameOrigin('https://evil.example:9', 'evil.example/x', SELF)).toBe(false);
  });
});
