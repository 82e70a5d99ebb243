/**
 * The README and the reference in docs/ cannot drift from the code or from each other:
 * - the README (the front door, at most 12,000 bytes) links every docs/*.md file, and every
 *   local link in the README and docs/ resolves: the file exists and a `#anchor` matches a
 *   heading of the target file (GitHub's heading slugs);
 * - every close code of `protocol/closeCodes.ts` is in docs/protocol.md's close-code table;
 * - every route the real express app serves is in the HTTP table of
 *   docs/http-api-and-webhooks.md, and every row of that table is served.
 * The docs/*.md files are listed from the folder, so a file added later is held to the same rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../protocol/closeCodes';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { servedRoutes } from '../helpers/servedRoutes';

const README = 'README.md';
const README_MAX_BYTES = 12_000;
const PROTOCOL_DOC = 'docs/protocol.md';
const HTTP_DOC = 'docs/http-api-and-webhooks.md';

/** docs/*.md, as repository paths. */
function docsFiles(): string[] {
  return readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
}

/** The lines of a Markdown text outside fenced code blocks. */
function linesOutsideFences(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      continue;
    }
    if (fence === null) lines.push(line);
  }
  return lines;
}

/** A heading's anchor as GitHub makes it: markup and punctuation dropped, lower case, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor the headings of `file` get (a repeated slug gets -1, -2, … as on GitHub). */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of linesOutsideFences(readFileSync(file, 'utf8'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

/** The targets of the inline links and images of `file`, outside code. */
function linkTargets(file: string): string[] {
  const prose = linesOutsideFences(readFileSync(file, 'utf8')).join('\n').replace(/(`+)[\s\S]*?\1/g, '');
  return [...prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
}

/** A local link of `from` resolved: the repository path it names (`from` itself for `#anchor`) and its anchor. */
function resolveLink(from: string, target: string): { path: string; anchor: string | null } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null;
  const hash = target.indexOf('#');
  const pathPart = hash === -1 ? target : target.slice(0, hash);
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  const path = pathPart === '' ? from : normalize(join(dirname(from), decodeURIComponent(pathPart))).replace(/\\/g, '/');
  return { path, anchor };
}

/** The rows of the first table after `heading` in `file` (up to the next heading of that level or higher), as cells. */
function tableRows(file: string, heading: string): string[][] {
  const lines = linesOutsideFences(readFileSync(file, 'utf8'));
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start === -1) throw new Error(`${file} has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    const higher = /^(#+)\s/.exec(line);
    if (higher && higher[1]!.length <= level) break;
    if (!line.startsWith('|')) {
      if (rows.length) break;
      continue;
    }
    rows.push(line.replace(/\\\|/g, '\u0000').split('|').slice(1, -1).map((cell) => cell.replace(/\u0000/g, '|').trim()));
  }
  return rows.slice(2); // header and separator
}

describe('README as the front door', () => {
  it('is at most 12,000 bytes', () => {
    expect(statSync(README).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('links every docs/*.md file, the npm package page and the changelog', () => {
    const linked = new Set(linkTargets(README).map((target) => resolveLink(README, target)?.path));
    const docs = docsFiles();
    expect(docs.length).toBeGreaterThanOrEqual(9);
    for (const file of [...docs, 'docs/npm-package.md', 'CHANGELOG.md']) expect(linked, `README links ${file}`).toContain(file);
  });
});

describe('local links in the README and docs/', () => {
  const files = [README, ...docsFiles()];

  it('finds links to check', () => {
    expect(files.flatMap(linkTargets).length).toBeGreaterThan(50);
  });

  it.each(files)('%s: every local link names a file that exists, and a heading of it when it has an anchor', (file) => {
    const broken: string[] = [];
    for (const target of linkTargets(file)) {
      const link = resolveLink(file, target);
      if (!link) continue;
      if (!existsSync(link.path)) {
        broken.push(`${target}: no file ${link.path}`);
        continue;
      }
      if (link.anchor !== null && (!link.path.endsWith('.md') || !anchorsOf(link.path).has(link.anchor))) broken.push(`${target}: no heading #${link.anchor} in ${link.path}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('close codes', () => {
  it('lists every CloseCode in the close-code table of docs/protocol.md, and no other 4xxx code', () => {
    const documented = tableRows(PROTOCOL_DOC, '## Close codes').map(([code]) => Number(code));
    const defined = Object.values(CloseCode);
    expect(defined.length).toBeGreaterThan(5);
    for (const code of defined) expect(documented, `close code ${code}`).toContain(code);
    expect(documented.filter((code) => code >= 4000 && !(defined as number[]).includes(code))).toEqual([]);
  });
});

/** The HTTP table's routes: the first cell of each row, `METHOD /path` in backticks (query string left out). */
function documentedRoutes(): string[] {
  return tableRows(HTTP_DOC, '## HTTP surface')
    .map(([first]) => /^`([A-Z]+ \/[^`?]*)(?:\?[^`]*)?`$/.exec(first ?? '')?.[1])
    .filter((route): route is string => route !== undefined);
}

/** The HTTP status of a WebSocket upgrade to `url` from a foreign origin, or 101 when it opened. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin: 'https://not-allowed.example' });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}

describe('HTTP routes', () => {
  let server: TestServer;
  let served: string[];
  beforeAll(async () => {
    server = await startTestServer();
    served = servedRoutes(server.http.listeners('request')[0] as Express);
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds the routes on both sides', () => {
    expect(served.length).toBeGreaterThan(20);
    expect(documentedRoutes().length).toBeGreaterThan(20);
  });

  it('lists every route the app serves in the HTTP table of docs/http-api-and-webhooks.md, as `METHOD /path`', () => {
    const documented = documentedRoutes();
    const documentedPaths = new Set(documented.map((route) => route.split(' ')[1]));
    const missing = served.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return method === '_ALL' ? !documentedPaths.has(path) : !documented.includes(route);
    });
    expect(missing).toEqual([]);
  });

  it('lists nothing that is not served: each other row answers (static files, WebSocket upgrades)', async () => {
    const unserved = documentedRoutes().filter((route) => !served.includes(route));
    const answers: string[] = [];
    for (const route of unserved) {
      const [method, path] = route.split(' ') as [string, string];
      let status: number;
      if (method === 'WS') status = await upgradeStatus(server.wsUrl(path));
      else {
        const response = await fetch(`${server.url}${path}`, { method });
        await response.arrayBuffer();
        status = response.status;
      }
      if (status === 404 || (method !== 'WS' && method !== 'GET' && method !== 'HEAD')) answers.push(`${route} → ${status}`);
    }
    expect(answers).toEqual([]);
  });
});
