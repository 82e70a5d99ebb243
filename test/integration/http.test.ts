/** The public HTTP surface shops, helpdesks and monitors rely on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('HTTP surface', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('GET /healthz answers 200 {"ok":true}', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves the loader as a CORS-open script that contains no recorder', async () => {
    const res = await fetch(`${server.url}/sdk.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const loader = await res.text();
    expect(loader).toContain('Lookalong');
    expect(loader).not.toMatch(/MutationObserver|maskInputOptions|rr_width/);
  });

  it.each(['sdk-recorder.js', 'sdk-ui.js'])('serves the chunk %s as a CORS-open ES module', async (chunk) => {
    const res = await fetch(`${server.url}/${chunk}?v=test`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toMatch(/export\s*\{/);
  });

  it('serves the agent console with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/agent/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp.split('; ')).toContain("frame-ancestors 'self'");
    expect(await res.text()).toContain('/agent/console.js');
  });

  it('serves the demo shop embedding the SDK exactly as a shop would', async () => {
    for (const page of ['', 'checkout.html', 'returns.html']) {
      const res = await fetch(`${server.url}/demo/${page}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<script src="/sdk.js" data-site="demo" async></script>');
    }
  });
});
