#!/usr/bin/env node
// Builds the npm package @lookalong/sdk (client-sdk/package) from this repository:
//   dist/index.js    ESM, esbuild, es2020, not minified; only src/index.ts may go in (type-only
//                    imports of ../../src/publicApi are erased), so no SDK code reaches a shop's bundle
//   dist/index.d.ts  tsc declarations (tsconfig.json, emitted in memory) with publicApi.d.ts
//                    folded in, so the file stands alone; checked by tsc before it is written
// Files are written to a temporary name and renamed, so a test reading them never sees half a file.
// Usage: node client-sdk/package/build.mjs   (npm run build:sdk-package; npm pack runs it as prepack)
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const pkg = dirname(fileURLToPath(import.meta.url));
const dist = join(pkg, 'dist');
const PUBLIC_API = '../../src/publicApi';
const { name, version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
const banner = [
  '/*',
  ` * ${name} ${version}: loads the Lookalong SDK (/sdk.js) from your Lookalong server with one script tag`,
  ' * and gives its typed window.Lookalong API. The recorder is not in this package: the SDK fetches it',
  ' * from the server only after the shopper allows an agent to see the page.',
  ' */',
].join('\n');

function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function failWith(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => pkg, getNewLine: () => '\n' };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

// --- dist/index.js
const result = await build({
  entryPoints: [join(pkg, 'src/index.ts')],
  absWorkingDir: pkg,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: false,
  charset: 'utf8',
  legalComments: 'inline',
  banner: { js: banner },
  metafile: true,
  write: false,
  outfile: join(dist, 'index.js'),
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
if (inputs.length !== 1) {
  console.error(`@lookalong/sdk: only src/index.ts may be bundled (runtime imports would ship SDK code in shops' bundles); got ${inputs.join(', ')}`);
  process.exit(1);
}
const js = result.outputFiles.find((f) => f.path.endsWith('index.js')).text;

// --- dist/index.d.ts
const configPath = join(pkg, 'tsconfig.json');
const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
if (error) failWith([error]);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, pkg, undefined, configPath);
if (parsed.errors.length) failWith(parsed.errors);
const program = ts.createProgram(parsed.fileNames, parsed.options);
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) failWith(diagnostics);
const emitted = new Map();
program.emit(undefined, (name, text) => emitted.set(relative(parsed.options.outDir, name).replaceAll('\\', '/'), text), undefined, true);
const indexDts = emitted.get('package/src/index.d.ts');
const apiDts = emitted.get('src/publicApi.d.ts');
if (!indexDts || !apiDts || emitted.size !== 2) {
  console.error(`@lookalong/sdk: unexpected declarations: ${[...emitted.keys()].join(', ')}`);
  process.exit(1);
}

/** index.d.ts without its imports and re-exports of publicApi (whose declarations are put in front, all exported). */
function foldPublicApi(text) {
  const source = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.Latest, true);
  let kept = '';
  for (const statement of source.statements) {
    const from = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier ? statement.moduleSpecifier.text : null;
    if (from === PUBLIC_API) {
      const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : statement.exportClause;
      const named = bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings)) ? bindings.elements : null;
      if (!named || named.some((element) => element.propertyName)) {
        console.error(`@lookalong/sdk: import or re-export publicApi's types by name, without renaming: ${statement.getText()}`);
        process.exit(1);
      }
      continue;
    }
    if (from !== null) {
      console.error(`@lookalong/sdk: index.d.ts may import nothing but ${PUBLIC_API}: ${statement.getText()}`);
      process.exit(1);
    }
    kept += text.slice(statement.getFullStart(), statement.getEnd());
  }
  return kept.replace(/^\n+/, '');
}
const api = apiDts.replace(/^export \{\};\s*$/m, '').trimEnd();
if (/^\s*import\b|\bfrom ['"]/m.test(api)) {
  console.error('@lookalong/sdk: client-sdk/src/publicApi.ts must stay free of imports (its declarations are folded into index.d.ts)');
  process.exit(1);
}
const dts = `${banner}\n${api}\n\n${foldPublicApi(indexDts).trimEnd()}\n`;

// The folded file must stand alone.
const standalone = join(dist, 'index.d.ts');
const checkHost = ts.createCompilerHost({});
const readFile = checkHost.readFile;
checkHost.readFile = (name) => (name === standalone ? dts : readFile(name));
checkHost.fileExists = ((exists) => (name) => name === standalone || exists(name))(checkHost.fileExists);
const check = ts.createProgram([standalone], { strict: true, noEmit: true, lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: false, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 }, checkHost);
const checkDiagnostics = ts.getPreEmitDiagnostics(check);
if (checkDiagnostics.length) failWith(checkDiagnostics);

mkdirSync(dist, { recursive: true });
writeAtomically(join(dist, 'index.js'), js);
writeAtomically(standalone, dts);
console.log(`@lookalong/sdk built: dist/index.js (${Buffer.byteLength(js)} B), dist/index.d.ts (${Buffer.byteLength(dts)} B)`);
