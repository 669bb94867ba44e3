import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the document and its UI are served: public, unauthenticated, read-only. */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const OPENAPI_UI_PATH = '/docs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The OpenAPI 3 document of every Nest route (Zun's /v1, the Keystone subset under /identity,
 * and Berth's own), read from the controllers' decorators. It names no server or version that
 * changes between deployments, so the committed docs/openapi.json can be compared byte for byte.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Berth')
    .setDescription(
      'OpenStack Zun API v1 (and the Keystone v3 subset Berth serves) on an event-sourced ' +
        'container service. Every route but the version documents and token issue needs a ' +
        'Keystone token in X-Auth-Token; /v1 routes take OpenStack-API-Version: container 1.x.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }, 'keystone')
    .addSecurityRequirements('keystone')
    .build();
  return tagByArea(SwaggerModule.createDocument(app, config));
}

/**
 * Groups operations by the area of the API they belong to (the first path segment past /v1 or
 * /identity/v3) without a decorator on every controller.
 */
function tagByArea(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const segments = path.split('/').filter((s) => s !== '');
    const area =
      segments[0] === 'v1' || segments[0] === 'identity'
        ? [segments[0], segments[segments[0] === 'identity' ? 2 : 1]].filter(Boolean).join(' ')
        : (segments[0] ?? 'versions');
    for (const method of METHODS) {
      const operation = item[method];
      if (operation !== undefined) operation.tags = [area];
    }
  }
  return document;
}

/** The files of swagger-ui-dist the page loads; no other name under /docs is served. */
const UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * The UI page: assets and start-up script are files, no inline script, so a strict
 * `script-src 'self'` policy in front of Berth still lets it run. It only reads /openapi.json:
 * the UI's "try it out" sends requests with whatever token the reader pastes.
 */
const UI_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Berth API</title>
<link rel="icon" href="/docs/favicon-32x32.png"><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/start.js"></script></body>
</html>
`;

const UI_START = `window.ui = SwaggerUIBundle({ url: '${OPENAPI_JSON_PATH}', dom_id: '#swagger-ui' });\n`;

interface ExpressRoutes {
  get(
    path: string,
    handler: (req: { params: { file: string } }, res: RawResponse, next: () => void) => void,
  ): void;
}

interface RawResponse {
  type(contentType: string): RawResponse;
  send(body: string | Buffer): void;
}

/**
 * Serves the document at /openapi.json and Swagger UI at /docs, before Nest's routes (call it
 * before `app.init()`): public and read-only, like the version documents. Any other path under
 * /docs falls through to Nest's 404 in Zun's error format.
 */
export function serveOpenApi(app: INestApplication): void {
  let document: string | undefined;
  // Express itself, for a handler that can pass a name it does not know on to Nest's 404.
  const http = app.getHttpAdapter().getInstance() as ExpressRoutes;
  const assets = dirname(require.resolve('swagger-ui-dist/package.json'));
  http.get(OPENAPI_JSON_PATH, (_req: unknown, res: RawResponse) => {
    document ??= JSON.stringify(buildOpenApiDocument(app));
    res.type('application/json; charset=utf-8').send(document);
  });
  http.get(OPENAPI_UI_PATH, (_req: unknown, res: RawResponse) => {
    res.type('text/html; charset=utf-8').send(UI_PAGE);
  });
  const files = new Map<string, { type: string; body: string | Buffer }>([
    ['start.js', { type: 'application/javascript; charset=utf-8', body: UI_START }],
    ...Object.entries(UI_ASSETS).map(
      ([file, type]) => [file, { type, body: readFileSync(join(assets, file)) }] as const,
    ),
  ]);
  http.get(
    `${OPENAPI_UI_PATH}/:file`,
    (req: { params: { file: string } }, res: RawResponse, next: () => void) => {
      const file = files.get(req.params.file);
      if (file === undefined) {
        next();
        return;
      }
      res.type(file.type).send(file.body);
    },
  );
}
