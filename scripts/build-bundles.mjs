#!/usr/bin/env node
// Builds the browser bundles with esbuild when any source is newer than the last build:
//   dist/sdk.js           loader (IIFE): API, control socket
//   dist/sdk-ui.js        UI chunk (ESM): widget, consent dialog, dock; imported when help is requested
//   dist/sdk-recorder.js  recorder chunk (ESM), imported by the loader after consent
//   dist/agent-console.js agent console (ESM) + dist/agent-console.css
//   dist/agent-review.js  recordings review page (ESM, with rrweb-player) + dist/agent-review.css
// Usage: node scripts/build-bundles.mjs [--force]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, transform } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const inputs = ['protocol', 'client-sdk/src', 'agent-viewer/src', 'package-lock.json', 'scripts/build-bundles.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const force = process.argv.includes('--force');
const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput) {
  console.log('bundles up to date');
  process.exit(0);
}

mkdirSync(dist, { recursive: true });
/** `import css from './x.css?inline'` → the stylesheet minified, as a string (same contract as Vite). */
const inlineCss = {
  name: 'inline-css',
  setup(b) {
    b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\?inline$/, '')), namespace: 'inline-css' }));
    b.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => {
      const { code } = await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true });
      return { contents: code.trim(), loader: 'text' };
    });
  },
};
const common = { bundle: true, minify: true, sourcemap: true, target: 'es2022', legalComments: 'none', charset: 'utf8', logLevel: 'warning', plugins: [inlineCss] };

await build({ ...common, entryPoints: [join(root, 'client-sdk/src/recorder.ts')], format: 'esm', outfile: join(dist, 'sdk-recorder.js') });
await build({ ...common, entryPoints: [join(root, 'client-sdk/src/uiChunk.ts')], format: 'esm', outfile: join(dist, 'sdk-ui.js') });
const versionOf = (file) => createHash('sha256').update(readFileSync(join(dist, file))).digest('hex').slice(0, 12);
const recorderVersion = versionOf('sdk-recorder.js');
await build({
  ...common,
  entryPoints: [join(root, 'client-sdk/src/loader.ts')],
  format: 'iife',
  outfile: join(dist, 'sdk.js'),
  define: { __RECORDER_VERSION__: JSON.stringify(recorderVersion), __UI_VERSION__: JSON.stringify(versionOf('sdk-ui.js')) },
});
await build({ ...common, entryPoints: [join(root, 'agent-viewer/src/console.ts')], format: 'esm', outfile: join(dist, 'agent-console.js') });
await build({ ...common, entryPoints: [join(root, 'agent-viewer/src/review/reviewPage.ts')], format: 'esm', outfile: join(dist, 'agent-review.js') });

writeFileSync(stamp, new Date().toISOString() + '\n');
console.log(`bundles built (recorder ${recorderVersion})`);
