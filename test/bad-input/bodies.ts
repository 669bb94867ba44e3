import { gzipSync } from 'node:zlib';
import { bytes, containerPath, json, type CaseSpec, type Family, type Targets } from './case';

/** oslo's max_request_body_size, Zun's default: the JSON routes' limit. */
export const JSON_BODY_LIMIT = 114_688;

/** A create body of exactly `size` bytes (a label padded to fit): valid but for its size. */
export function createBodyOfSize(t: Targets, size: number): Buffer {
  const head = `{"image":${JSON.stringify(t.testImage)},"labels":{"pad":"`;
  const tail = '"}}';
  const pad = size - Buffer.byteLength(head) - Buffer.byteLength(tail);
  if (pad < 0) throw new Error(`a create body cannot be ${size} bytes`);
  return Buffer.from(`${head}${'x'.repeat(pad)}${tail}`);
}

/** `{"image": ..., "environment": {"K0": "v", ...}}` with `keys` keys: costly per key to check. */
function manyKeys(t: Targets, keys: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"K${i}":"v"`);
  return Buffer.from(`{"image":${JSON.stringify(t.testImage)},"environment":{${parts.join(',')}}}`);
}

/** `depth` nested arrays: `[[[...]]]`. */
function deepArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `depth` nested objects: `{"a":{"a":...}}`. */
function deepObjects(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Oversized, deeply nested, wrongly typed, malformed and mislabelled bodies on every JSON route,
 * and bodies sent slowly or never finished. Sizes and content types are asserted exactly (413,
 * 415); the rest must be some 4xx in the path's format.
 */
export const bodies: Family = {
  name: 'bodies',
  owner: 'intake',
  build(t) {
    const jsonRoutes: ReadonlyArray<{ method: string; path: string; name: string }> = [
      { method: 'POST', path: '/v1/containers', name: 'create' },
      { method: 'PATCH', path: containerPath(t.stopped), name: 'update' },
      { method: 'PUT', path: `/v1/quotas/${t.memberProject}`, name: 'quota update' },
      { method: 'PUT', path: '/v1/quota_classes/default', name: 'quota class update' },
      { method: 'POST', path: '/v1/images', name: 'image pull' },
      {
        method: 'POST',
        path: containerPath(t.running, 'put_archive', 'path=%2Ftmp'),
        name: 'put_archive',
      },
      { method: 'POST', path: '/identity/v3/auth/tokens', name: 'token' },
      { method: 'POST', path: '/identity/v3/projects', name: 'project create' },
      { method: 'POST', path: '/identity/v3/users', name: 'user create' },
      { method: 'POST', path: '/graphql', name: 'graphql' },
    ];
    const cases: CaseSpec[] = [];
    const mb = (n: number) => Math.round(n * 1024 * 1024);
    const applicationJson = { 'content-type': 'application/json' };

    // Sizes.
    cases.push(
      {
        name: `create of ${JSON_BODY_LIMIT + 1} bytes (one over the limit)`,
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(createBodyOfSize(t, JSON_BODY_LIMIT + 1)),
        status: [413],
      },
      {
        name: 'create of 1 MiB',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(createBodyOfSize(t, mb(1))),
        status: [413],
      },
      {
        name: 'create of 5.5 MB with 300,000 environment keys',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(manyKeys(t, 300_000)),
        status: [413],
        exclusive: true,
      },
      {
        name: 'create of 5 MiB without a token',
        method: 'POST',
        path: '/v1/containers',
        auth: 'none',
        headers: applicationJson,
        body: bytes(createBodyOfSize(t, mb(5))),
      },
      {
        name: 'create of 2 MiB, chunked (no Content-Length)',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: { kind: 'chunked', data: createBodyOfSize(t, mb(2)) },
        status: [413],
      },
      {
        name: 'put_archive of 1 MiB without a token',
        method: 'POST',
        path: containerPath(t.running, 'put_archive', 'path=%2Ftmp'),
        auth: 'none',
        headers: applicationJson,
        body: bytes(Buffer.from(`{"data":"${'A'.repeat(mb(1))}"}`)),
      },
      {
        name: 'token request of 1 MiB',
        method: 'POST',
        path: '/identity/v3/auth/tokens',
        auth: 'none',
        headers: applicationJson,
        body: bytes(Buffer.from(`{"auth":{"pad":"${'x'.repeat(mb(1))}"}}`)),
        status: [413],
      },
      {
        name: 'graphql query of 1 MiB',
        method: 'POST',
        path: '/graphql',
        headers: applicationJson,
        body: bytes(Buffer.from(JSON.stringify({ query: `{ __typename ${' '.repeat(mb(1))}}` }))),
        status: [413],
      },
      {
        name: 'create gzip-encoded, 80 MiB once inflated',
        method: 'POST',
        path: '/v1/containers',
        headers: { ...applicationJson, 'content-encoding': 'gzip' },
        body: bytes(gzipSync(createBodyOfSize(t, mb(80)))),
        status: [413, 415],
      },
      {
        name: 'create with Content-Encoding: br of plain bytes',
        method: 'POST',
        path: '/v1/containers',
        headers: { ...applicationJson, 'content-encoding': 'br' },
        body: bytes(JSON.stringify({ image: t.testImage })),
        status: [400, 415],
      },
      {
        name: 'create with Content-Encoding: evil',
        method: 'POST',
        path: '/v1/containers',
        headers: { ...applicationJson, 'content-encoding': 'evil' },
        body: bytes(JSON.stringify({ image: t.testImage })),
        status: [415],
      },
    );

    // Slow and unfinished bodies: the server must not wait on them forever.
    cases.push(
      {
        name: 'create declaring 5 MiB without a token, 64 KiB sent, then nothing',
        method: 'POST',
        path: '/v1/containers',
        auth: 'none',
        headers: applicationJson,
        body: { kind: 'slow', declaredLength: mb(5), sent: Buffer.alloc(65_536, 0x20) },
      },
      {
        name: 'create declaring 2 kB, 100 bytes sent, then nothing',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: {
          kind: 'slow',
          declaredLength: 2048,
          sent: Buffer.from(`{"image":${JSON.stringify(t.testImage)},"name":"${'s'.repeat(40)}`),
        },
      },
      {
        name: 'token request declaring 1 kB, 10 bytes sent, then nothing',
        method: 'POST',
        path: '/identity/v3/auth/tokens',
        auth: 'none',
        headers: applicationJson,
        body: { kind: 'slow', declaredLength: 1024, sent: Buffer.from('{"auth":{"') },
      },
      {
        name: 'headers never finished',
        method: 'RAW',
        path: '/v1/containers',
        body: {
          kind: 'raw',
          request: `POST /v1/containers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${t.tokens.admin}\r\n`,
          stall: true,
        },
        format: 'status-only',
        // Berth answers a 408 in Zun's format when headers time out; a close would do too.
        closeIsRefusal: true,
      },
    );

    // Framing the HTTP parser refuses (answered before Express, yet in Zun's format).
    const head = `Host: 127.0.0.1\r\nX-Auth-Token: ${t.tokens.admin}\r\nContent-Type: application/json\r\n`;
    const createJson = JSON.stringify({ image: t.testImage });
    cases.push(
      {
        name: 'both Content-Length and Transfer-Encoding',
        method: 'RAW',
        path: '/v1/containers',
        body: {
          kind: 'raw',
          request: `POST /v1/containers HTTP/1.1\r\n${head}Content-Length: ${createJson.length}\r\nTransfer-Encoding: chunked\r\n\r\n${createJson.length.toString(16)}\r\n${createJson}\r\n0\r\n\r\n`,
        },
      },
      {
        name: 'two different Content-Lengths',
        method: 'RAW',
        path: '/v1/containers',
        body: {
          kind: 'raw',
          request: `POST /v1/containers HTTP/1.1\r\n${head}Content-Length: ${createJson.length}\r\nContent-Length: 5\r\n\r\n${createJson}`,
        },
      },
      {
        name: 'a negative Content-Length',
        method: 'RAW',
        path: '/v1/containers',
        body: {
          kind: 'raw',
          request: `POST /v1/containers HTTP/1.1\r\n${head}Content-Length: -1\r\n\r\n${createJson}`,
        },
      },
      {
        name: 'a header line without a colon',
        method: 'RAW',
        path: '/v1/containers',
        body: { kind: 'raw', request: `GET /v1/containers HTTP/1.1\r\n${head}NoColonHere\r\n\r\n` },
      },
      {
        name: '20 kB of headers',
        method: 'GET',
        path: '/v1/containers',
        headers: { 'x-padding': 'p'.repeat(20_000) },
      },
      {
        name: '200 headers of 100 bytes',
        method: 'GET',
        path: '/v1/containers',
        headers: Object.fromEntries(
          Array.from({ length: 200 }, (_, i) => [`x-pad-${i}`, 'p'.repeat(100)]),
        ),
      },
    );

    // Depth.
    cases.push(
      {
        name: 'create of 100,000 nested arrays',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(deepArrays(100_000)),
      },
      {
        name: 'create of 100,000 nested objects',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(deepObjects(100_000)),
      },
      {
        name: 'create with 50,000 nested arrays (under the size limit) in a label',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(
          `{"image":${JSON.stringify(t.testImage)},"labels":{"a":${deepArrays(50_000)}}}`,
        ),
      },
      {
        name: 'create with 1,000 nested objects in the environment',
        method: 'POST',
        path: '/v1/containers',
        headers: applicationJson,
        body: bytes(`{"image":${JSON.stringify(t.testImage)},"environment":${deepObjects(1000)}}`),
      },
    );
    for (const route of jsonRoutes.filter((r) => r.name !== 'create')) {
      cases.push({
        name: `${route.name} of 50,000 nested arrays`,
        method: route.method,
        path: route.path,
        auth: route.path.startsWith('/identity/v3/auth') ? 'none' : 'admin',
        headers: applicationJson,
        body: bytes(deepArrays(50_000)),
      });
    }

    // Types, syntax and content types on every JSON route.
    const malformed: ReadonlyArray<[string, string]> = [
      ['truncated JSON', '{"image":'],
      ['unquoted keys', '{image: "x"}'],
      ['single quotes', "{'image': 'x'}"],
      ['trailing garbage', '{}garbage'],
      ['a trailing comma', '{"a":1,}'],
      ['a comment', '/* c */ {}'],
      ['NaN', '{"a":NaN}'],
      ['invalid UTF-8', '{"a":"\xff\xfe"}'],
      ['an empty body with a JSON type', ''],
      ['only whitespace', '   \n  '],
      ['a lone surrogate escape', '{"a":"\\ud800"}'],
    ];
    for (const route of jsonRoutes) {
      const auth = route.path.startsWith('/identity/v3/auth')
        ? ('none' as const)
        : ('admin' as const);
      const base = { method: route.method, path: route.path, auth };
      for (const [what, text] of malformed) {
        cases.push({
          ...base,
          name: `${route.name} body with ${what}`,
          headers: applicationJson,
          body: bytes(what === 'invalid UTF-8' ? Buffer.from(text, 'latin1') : text),
        });
      }
      for (const value of [[], 'text', 7, true, null, [[]]]) {
        cases.push({
          ...base,
          name: `${route.name} body ${JSON.stringify(value)}`,
          body: json(value),
        });
      }
      const valid = JSON.stringify(route.name === 'token' ? { auth: {} } : { image: t.testImage });
      const exact = route.path.startsWith('/identity') ? {} : { status: [415] as const };
      for (const [what, type] of [
        ['form-urlencoded', 'application/x-www-form-urlencoded'],
        ['text/plain', 'text/plain'],
        ['multipart', 'multipart/form-data; boundary=x'],
        ['application/xml', 'application/xml'],
        ['application/jsonx', 'application/jsonx'],
        ['a UTF-16 charset', 'application/json; charset=utf-16'],
      ] as const) {
        cases.push({
          ...base,
          ...(route.name === 'graphql' ? {} : exact),
          name: `${route.name} body as ${what}`,
          headers: { 'content-type': type },
          body: bytes(type.includes('urlencoded') ? 'image=busybox&name=x' : valid),
        });
      }
      cases.push({
        ...base,
        ...(route.name === 'graphql' ? {} : exact),
        name: `${route.name} JSON body without a Content-Type`,
        headers: { 'content-type': null },
        body: bytes(valid),
      });
    }
    // The form-urlencoded create, carrying a complete valid create.
    cases.push({
      name: 'create as form-urlencoded, every field a valid one',
      method: 'POST',
      path: '/v1/containers',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: bytes(`image=${encodeURIComponent(t.testImage)}&name=corpus-form`),
      status: [415],
    });
    return cases;
  },
};
