/** Where the server finds built bundles and static pages, relative to the repository root. */
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above server/src). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute paths of everything the HTTP app serves from disk. */
export const bundlePaths = {
  loader: `${REPO_ROOT}dist/sdk.js`,
  recorder: `${REPO_ROOT}dist/sdk-recorder.js`,
  ui: `${REPO_ROOT}dist/sdk-ui.js`,
  consoleScript: `${REPO_ROOT}dist/agent-console.js`,
  consoleStyles: `${REPO_ROOT}dist/agent-console.css`,
  consolePage: `${REPO_ROOT}agent-viewer/index.html`,
  reviewScript: `${REPO_ROOT}dist/agent-review.js`,
  reviewStyles: `${REPO_ROOT}dist/agent-review.css`,
  reviewPage: `${REPO_ROOT}agent-viewer/review.html`,
  demoShop: `${REPO_ROOT}server/demo-shop`,
  landingPage: `${REPO_ROOT}server/landing.html`,
} as const;
