/**
 * The recordings review page's routes: `/agent/review/` with the console's strict CSP (so the
 * replay iframe inherits it) and framing rules, and its own script and stylesheet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConsoleCsp } from '../../server/src/app';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('review page routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves /agent/review/ with the console’s Content-Security-Policy and headers', async () => {
    const [review, consolePage] = await Promise.all([fetch(`${server.url}/agent/review/`), fetch(`${server.url}/agent/`)]);
    expect(review.status).toBe(200);
    const csp = review.headers.get('content-security-policy');
    expect(csp).toBe(consolePage.headers.get('content-security-policy'));
    expect(csp).toBe(agentConsoleCsp([]));
    expect(review.headers.get('x-frame-options')).toBeNull();
    expect(review.headers.get('cache-control')).toBe('no-cache');
    expect(review.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await review.text();
    expect(html).toContain('<script type="module" src="/agent/review/review.js"></script>');
    expect(html).toContain('href="/agent/review/review.css"');
  });

  it('serves the review bundle and its styles (rrweb-player’s included) from its own origin only', async () => {
    const script = await fetch(`${server.url}/agent/review/review.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBeNull();
    expect(await script.text()).toContain('rr-controller');
    const styles = await fetch(`${server.url}/agent/review/review.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toMatch(/css/);
    const css = await styles.text();
    expect(css).toContain('.rr-player');
    expect(css).toContain('.review-marks');
  });
});
