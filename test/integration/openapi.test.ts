/**
 * The OpenAPI document against the real express app: every documented operation exists and
 * answers with one of its documented statuses (and media type), and every /api route the app
 * serves is documented. Routers are mounted at the root, so route paths are full paths.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocument, type OperationObject } from '../../server/src/api/openapiDocument';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { servedRoutes } from '../helpers/servedRoutes';

const SITE_SECRET = 'site-secret-for-the-openapi-test-0123456789';

/** `METHOD /path/{param}` of every route the app serves. */
function appRoutes(app: Express): string[] {
  return servedRoutes(app).map((route) => route.replace(/:(\w+)/g, '{$1}'));
}

/** Every documented operation with its `METHOD /path` key. */
function documented(): Array<{ key: string; method: string; path: string; operation: OperationObject }> {
  return Object.entries(openapiDocument.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation: operation as OperationObject })),
  );
}

/** The path with each parameter replaced by its documented example. */
function concretePath(path: string, operation: OperationObject): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => operation.parameters?.find((p) => p.name === name)?.example ?? name);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET}` });
});
afterAll(async () => {
  await server.close();
});

describe('OpenAPI document', () => {
  it('is served at /api/openapi.json as OpenAPI 3', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openapiDocument)));
    expect(openapiDocument.openapi).toMatch(/^3\./);
  });

  it('is well formed: unique operation ids, resolvable $refs, declared security schemes, 401 for secured operations', () => {
    const ops = documented();
    expect(new Set(ops.map((op) => op.operation.operationId)).size).toBe(ops.length);
    const refs = [...JSON.stringify(openapiDocument).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(openapiDocument.components.schemas, ref).toHaveProperty(ref);
    for (const { key, path, operation } of ops) {
      for (const requirement of operation.security ?? []) for (const scheme of Object.keys(requirement)) expect(openapiDocument.components.securitySchemes, key).toHaveProperty(scheme);
      if (operation.security?.length && !operation.security.some((r) => Object.keys(r).length === 0)) expect(operation.responses, key).toHaveProperty('401');
      for (const name of path.match(/\{(\w+)\}/g) ?? []) expect(operation.parameters?.map((p) => `{${p.name}}`), key).toContain(name);
    }
  });

  it('documents only operations the app serves, and every /api route it serves', () => {
    const app = server.http.listeners('request')[0] as Express;
    const served = appRoutes(app);
    const keys = documented().map((op) => op.key);
    expect(keys.filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter((route) => route.split(' ')[1]!.startsWith('/api/') && !keys.includes(route))).toEqual([]);
  });

  it('answers every documented operation with a documented status and media type, without and with credentials', async () => {
    const credentials: Record<string, string> = { agentToken: server.token({ role: 'admin' }), siteSecret: SITE_SECRET };
    for (const { key, method, path, operation } of documented()) {
      const schemes = (operation.security ?? []).flatMap((r) => Object.keys(r)).filter((s) => s in credentials);
      for (const bearer of [undefined, ...schemes.map((s) => credentials[s])]) {
        const response = await fetch(`${server.url}${concretePath(path, operation)}`, {
          method,
          headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
        });
        const documentedAnswer = operation.responses[String(response.status)];
        expect(documentedAnswer, `${key} answered ${response.status} (${bearer ? 'with' : 'without'} credentials)`).toBeDefined();
        const mediaTypes = Object.keys(documentedAnswer!.content ?? {});
        if (mediaTypes.length) expect(mediaTypes.some((type) => response.headers.get('content-type')?.startsWith(type)), `${key} ${response.status} media type`).toBe(true);
        await response.arrayBuffer();
      }
    }
  });
});
