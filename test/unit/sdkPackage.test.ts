/**
 * The npm package @lookalong/sdk (client-sdk/package, issue 16), built here
 * (client-sdk/package/build.mjs) and packed with npm: it ships exactly package.json, README.md,
 * dist/index.js and dist/index.d.ts; its code is the script-tag loader only (no rrweb, no
 * recorder, no UI, no socket, nothing the SDK static check forbids), so nothing of the
 * recorder can enter a shop's bundle (invariant 1); its declarations stand alone; installed
 * from the tarball, its `exports` resolve in Node and in TypeScript (bundler and node16) and
 * type a consumer's mistakes; and the public types equal the SDK's internal ones (checked by
 * `tsc --noEmit`, which `npm test` runs first).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { InitOptions } from '../../client-sdk/src/initOptions';
import type { PrivacyOptions } from '../../client-sdk/src/recorderChunk';
import type { PublicState, SessionEvents } from '../../client-sdk/src/shopperSession';
import type { LookalongEvents, LookalongInitOptions, LookalongPrivacyOptions, LookalongState } from '../../client-sdk/package/src/index';
import { findForbiddenCalls } from '../helpers/forbiddenCalls';

const root = join(import.meta.dirname, '../..');
const pkgDir = join(root, 'client-sdk/package');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
/** gzip -9 budget of dist/index.js: a script-tag loader, nowhere near the SDK's own 6 KB loader. */
const MODULE_BUDGET_BYTES = 2048;

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  filename: string;
  files: PackedFile[];
}

function npmPack(args: string[]): Packed {
  // Built in beforeAll: --ignore-scripts keeps prepack's build out of the JSON.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', ...args], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as Packed[])[0]!;
}

/** The keys of `T` without its index signature. */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

describe('@lookalong/sdk: the npm package', () => {
  let packed: Packed;
  let js: string;
  let dts: string;
  let manifest: Record<string, unknown>;
  let work: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(pkgDir, 'build.mjs')], { stdio: 'pipe' });
    packed = npmPack(['--dry-run']);
    js = readFileSync(join(pkgDir, 'dist/index.js'), 'utf8');
    dts = readFileSync(join(pkgDir, 'dist/index.d.ts'), 'utf8');
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    work = mkdtempSync(join(tmpdir(), 'lookalong-sdk-package-'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs exactly package.json, README.md, dist/index.js and dist/index.d.ts', () => {
    expect(packed.name).toBe('@lookalong/sdk');
    expect(packed.version).toBe('0.1.0');
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
    expect(packed.size).toBeLessThan(8 * 1024);
  });

  it('has a manifest for ESM consumers: exports (types + import) of packed files, no dependencies, no side effects', () => {
    expect(manifest).toMatchObject({ name: '@lookalong/sdk', version: '0.1.0', type: 'module', sideEffects: false, license: 'UNLICENSED' });
    // The repository states no licence: the package says so rather than inventing one.
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))['license']).toBeUndefined();
    expect(manifest['exports']).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' });
    expect(Object.keys((manifest['exports'] as Record<string, Record<string, string>>)['.']!)[0]).toBe('types'); // first, as TypeScript requires
    expect(manifest['files']).toEqual(['dist/index.js', 'dist/index.d.ts']);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'private']) expect(manifest[field]).toBeUndefined();
  });

  it('ships only the script-tag loader: no rrweb, recorder, UI or socket code, no imports, nothing the SDK static check forbids', () => {
    for (const word of ['rrweb', 'takeFullSnapshot', 'MutationObserver', 'sdk-recorder', 'sdk-ui', 'WebSocket', 'attachShadow', 'startSharing', 'consent']) {
      expect(js, word).not.toContain(word);
    }
    expect(js).not.toMatch(/^\s*import\b|\bimport\s*\(|\brequire\s*\(/m);
    expect(js).toMatch(/export \{\n {2}loadLookalong\n\};\s*$/);
    expect(findForbiddenCalls(js)).toEqual([]);
    // The package's sources import nothing at run time (types only: erased), so esbuild bundles just src/index.ts.
    const source = readFileSync(join(pkgDir, 'src/index.ts'), 'utf8');
    expect(source.match(/^(import|export) .* from .*$/gm)?.every((line) => /^(import|export) type /.test(line))).toBe(true);
    expect(findForbiddenCalls(source)).toEqual([]);
    const gzipped = gzipSync(js, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(MODULE_BUDGET_BYTES);
    // Readable (not minified), for shops that audit what they bundle.
    expect(js).toContain('function loadLookalong(options)');
  });

  it('declares loadLookalong and the whole LookalongApi in one standalone .d.ts', () => {
    expect(dts).toContain('export declare function loadLookalong(options: LoadLookalongOptions): Promise<LookalongApi>;');
    for (const name of ['LookalongApi', 'LookalongEvents', 'LookalongInitOptions', 'LookalongPrivacyOptions', 'LoadLookalongOptions']) {
      expect(dts).toMatch(new RegExp(`^export interface ${name} \\{`, 'm'));
    }
    expect(dts).toMatch(/^export type LookalongState = 'idle' \| 'waiting' \| 'consent' \| 'live' \| 'ended';$/m);
    for (const method of ['init(options: LookalongInitOptions): void;', 'requestHelp(shopperToken?: string): Promise<{', 'stop(): void;', 'on<K extends keyof LookalongEvents>(event: K, listener: (payload: LookalongEvents[K]) => void): () => void;']) {
      expect(dts).toContain(method);
    }
    expect(dts).not.toMatch(/\bimport\b|\bfrom ['"]|declare (module|global)|\/\/\/ <reference/);
  });

  it('installed from its tarball, resolves in Node and in TypeScript (bundler, node16) and types the API for a consumer', () => {
    const { filename } = npmPack(['--pack-destination', work]);
    const app = join(work, 'app');
    const installed = join(app, 'node_modules/@lookalong/sdk');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1']);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));

    // Node (ESM): the bare name resolves through `exports`; importing touches no browser global;
    // outside a browser loadLookalong says so instead of throwing.
    const probe = [
      "const sdk = await import('@lookalong/sdk');",
      "const outcome = await sdk.loadLookalong({ server: 'https://help.example', site: 'demo' }).then(() => 'resolved', (e) => e.message);",
      "console.log(JSON.stringify({ resolved: import.meta.resolve('@lookalong/sdk'), names: Object.keys(sdk), outcome }));",
    ].join('\n');
    const node = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: app, encoding: 'utf8' })) as Record<string, unknown>;
    expect(node).toEqual({
      resolved: pathToFileURL(join(installed, 'dist/index.js')).href,
      names: ['loadLookalong'],
      outcome: '[Lookalong] loadLookalong runs in the browser only: call it after the page is mounted (useEffect, onMounted)',
    });

    // TypeScript: a shop's code type-checks, and its mistakes are caught (each @ts-expect-error must be an error).
    writeFileSync(
      join(app, 'shop.ts'),
      [
        "import { loadLookalong, type LoadLookalongOptions, type LookalongApi, type LookalongState } from '@lookalong/sdk';",
        "const options: LoadLookalongOptions = { server: 'https://help.example', site: 'demo', lang: 'zh-CN', shareTitle: false, timeoutMs: 5000 };",
        'export async function getHelp(): Promise<string> {',
        '  const lookalong: LookalongApi = await loadLookalong(options);',
        "  lookalong.init({ privacy: { maskTextSelector: '.address', blockSelector: '#map', strict: false }, shareTitle: false });",
        "  const off = lookalong.on('state', (state) => { const known: LookalongState = state; void known; });",
        "  lookalong.on('code', (code) => code.padStart(6, '0'));",
        '  off();',
        '  // @ts-expect-error site is required',
        "  void loadLookalong({ server: 'https://help.example' });",
        '  // @ts-expect-error no such event',
        "  lookalong.on('status', () => undefined);",
        '  // @ts-expect-error the state is a string',
        "  lookalong.on('state', (state: number) => state);",
        '  // @ts-expect-error no such privacy setting',
        '  lookalong.init({ privacy: { maskAll: true } });',
        '  // @ts-expect-error there is no API that grants consent',
        '  lookalong.allow();',
        '  lookalong.stop();',
        '  return (await lookalong.requestHelp()).code;',
        '}',
      ].join('\n'),
    );
    const common = { strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2020', 'DOM'], types: [], target: 'ES2020' };
    for (const [name, resolution] of [
      ['bundler', { module: 'ESNext', moduleResolution: 'Bundler' }],
      ['node16', { module: 'Node16', moduleResolution: 'Node16' }],
    ] as const) {
      const config = join(app, `tsconfig.${name}.json`);
      writeFileSync(config, JSON.stringify({ compilerOptions: { ...common, ...resolution }, files: ['shop.ts'] }));
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', config], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        output = `${(error as { stdout?: string }).stdout ?? ''}${(error as Error).message}`;
      }
      expect(output, name).toBe('');
    }
  });

  it('types equal the SDK internals they describe (publicApi.ts vs shopperSession, initOptions, recorderChunk)', () => {
    // Compile-time checks: `tsc --noEmit` fails on drift. loader.ts also implements the API with `satisfies LookalongApi`.
    expectTypeOf<LookalongState>().toEqualTypeOf<PublicState>();
    expectTypeOf<KnownKeys<SessionEvents>>().toEqualTypeOf<keyof LookalongEvents>();
    expectTypeOf<Pick<SessionEvents, keyof LookalongEvents>>().toEqualTypeOf<LookalongEvents>();
    expectTypeOf<LookalongPrivacyOptions>().toEqualTypeOf<PrivacyOptions>();
    expectTypeOf<LookalongInitOptions>().toEqualTypeOf<InitOptions>();
    // And the shipped declarations are publicApi.ts itself, folded in by the build.
    const publicApi = readFileSync(join(root, 'client-sdk/src/publicApi.ts'), 'utf8');
    for (const name of [...publicApi.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!)) {
      expect(dts).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
    }
  });
});
