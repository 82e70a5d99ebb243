/** Shared set-up of browser tests: one real server and one Chromium per test file. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startTestServer, type TestServer } from './testServer';

/** The live server and browser, filled in by the hooks before the first test runs. */
export interface BrowserTestContext {
  server: TestServer;
  browser: Browser;
}

/** Registers beforeAll/afterAll hooks that start a test server (with `env`) and Chromium. */
export function withServerAndBrowser(env: Record<string, string> = {}): BrowserTestContext {
  const context = {} as BrowserTestContext;
  beforeAll(async () => {
    context.server = await startTestServer(env);
    context.browser = await launchChromium();
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}
