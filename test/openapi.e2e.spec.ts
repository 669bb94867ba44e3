import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

const DOCS = join(__dirname, '..', 'docs');
// `npm run docs:generate` rewrites the committed files; everywhere else drift fails here.
const UPDATE = process.env.BERTH_UPDATE_DOCS === '1';

function committed(file: string, current: string): string {
  if (UPDATE) writeFileSync(join(DOCS, file), current);
  return readFileSync(join(DOCS, file), 'utf8');
}

describe('the API documents itself', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });

  afterAll(async () => {
    await api.close();
  });

  it('serves an OpenAPI 3 document at /openapi.json without a token', async () => {
    const res = await fetch(`${api.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const document = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/containers',
        '/v1/containers/{ident}',
        '/v1/containers/{ident}/events',
        '/v1/containers/{ident}/state',
        '/v1/containers/{ident}/watch',
        '/v1/audit/actions',
        '/v1/images',
        '/v1/hosts',
        '/v1/services',
        '/v1/volumes',
        '/v1/quotas/{project_id}',
        '/identity/v3/auth/tokens',
      ]),
    );
  });

  it('matches the committed docs/openapi.json', async () => {
    const current = `${JSON.stringify(await (await fetch(`${api.url}/openapi.json`)).json(), null, 2)}\n`;
    expect(committed('openapi.json', current)).toBe(current);
  });

  it('matches the committed GraphQL schema in docs/schema.graphql', () => {
    const current = `${printSchema(api.app.get(GraphQLSchemaHost).schema)}\n`;
    expect(committed('schema.graphql', current)).toBe(current);
  });

  it('serves Swagger UI at /docs with every asset it loads', async () => {
    const res = await fetch(`${api.url}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('swagger-ui');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      const url = new URL(asset, `${api.url}/docs`).toString();
      const loaded = await fetch(url);
      expect([asset, loaded.status]).toEqual([asset, 200]);
    }
  });

  it("answers a name under /docs it does not serve with a 404 in Zun's error format", async () => {
    const res = await fetch(`${api.url}/docs/..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { errors: Array<{ status: number }> };
    expect(body.errors[0]?.status).toBe(404);
  });
});
