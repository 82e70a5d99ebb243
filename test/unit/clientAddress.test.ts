import { describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress, readTrustedProxies } from '../../server/src/relay/clientAddress';

const PROXIES = new Set(['10.0.0.1', '10.0.0.2', '2001:db8::1']);

describe('normaliseAddress', () => {
  it('gives one form per address and refuses anything else', () => {
    expect(normaliseAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::FFFF:7f00:1')).toBe('127.0.0.1');
    expect(normaliseAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normaliseAddress('::1')).toBe('::1');
    for (const bad of ['', 'localhost', '10.0.0.0/8', '1.2.3.4:80', '[::1]', '[::1]:80', '1.2.3', 'fe80::1%eth0', ' 1.2.3.4']) expect(normaliseAddress(bad), bad).toBeNull();
  });
});

describe('readTrustedProxies', () => {
  it('is empty by default and normalises exact addresses', () => {
    const problems: string[] = [];
    expect(readTrustedProxies(undefined, problems)).toEqual([]);
    expect(readTrustedProxies('', problems)).toEqual([]);
    expect(readTrustedProxies(' 10.0.0.1, ::ffff:10.0.0.2 ,2001:DB8::1', problems)).toEqual(['10.0.0.1', '10.0.0.2', '2001:db8::1']);
    expect(problems).toEqual([]);
  });

  it('reports one line per mistake', () => {
    const problems: string[] = [];
    readTrustedProxies('10.0.0.1,10.0.0.0/8,lb.internal,1.2.3.4:80', problems);
    expect(problems).toEqual([
      'LOOKALONG_TRUSTED_PROXIES: "10.0.0.0/8" must be an exact IPv4 or IPv6 address (no range, port or host name)',
      'LOOKALONG_TRUSTED_PROXIES: "lb.internal" must be an exact IPv4 or IPv6 address (no range, port or host name)',
      'LOOKALONG_TRUSTED_PROXIES: "1.2.3.4:80" must be an exact IPv4 or IPv6 address (no range, port or host name)',
    ]);
  });
});

describe('clientAddress', () => {
  it('is the TCP peer when no proxy is trusted (today\'s behaviour), whatever the header says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', new Set())).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined, new Set())).toBe('203.0.113.7');
    expect(clientAddress(undefined, '198.51.100.1', new Set())).toBe('unknown');
  });

  it('ignores X-Forwarded-For from an untrusted peer (spoofing)', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', PROXIES)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '10.0.0.1', PROXIES)).toBe('203.0.113.7');
  });

  it('takes the right-most entry from a trusted proxy', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.1', PROXIES)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:10.0.0.1', ' 198.51.100.1 ', PROXIES)).toBe('198.51.100.1');
    expect(clientAddress('2001:db8:0::1', '2001:DB8::beef', PROXIES)).toBe('2001:db8::beef');
  });

  it('walks several trusted hops from the right and stops at the first untrusted one', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.1, 10.0.0.2', PROXIES)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', '198.51.100.1, ::ffff:10.0.0.2, 2001:db8::1', PROXIES)).toBe('198.51.100.1');
    // A client writing its own header: what it wrote sits left of its real address, and is never reached.
    expect(clientAddress('10.0.0.1', '1.1.1.1, 2.2.2.2, 198.51.100.1', PROXIES)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', 'not-an-ip, 198.51.100.1, 10.0.0.2', PROXIES)).toBe('198.51.100.1');
    // Repeated headers (Node joins them, or hands an array).
    expect(clientAddress('10.0.0.1', ['198.51.100.1', '10.0.0.2'], PROXIES)).toBe('198.51.100.1');
    // Every hop trusted: the furthest one.
    expect(clientAddress('10.0.0.1', '10.0.0.2', PROXIES)).toBe('10.0.0.2');
  });

  it('falls back to the peer when the header is missing or malformed up to the client', () => {
    for (const header of [undefined, '', ' ', '198.51.100.1,', 'unknown', '198.51.100.1:4242', '[2001:db8::7]', 'evil.example, 10.0.0.2', '198.51.100.1/24']) {
      expect(clientAddress('10.0.0.1', header, PROXIES), String(header)).toBe('10.0.0.1');
    }
  });
});
