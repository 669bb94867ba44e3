import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { pack } from 'tar-stream';
import {
  exchange,
  requestHead,
  runHostileClients,
  sendAll,
  sendNothing,
  trickle,
  type HostileKind,
  type RawResponse,
} from '../bench/support/hostile-clients';
import { DEFAULT_INTAKE } from '../apps/api/src/config/api-config';
import type { KeystoneErrorBody, ZunErrorBody } from '../apps/api/src/errors/error-body';
import { MAX_BODY_KEYS, MAX_JSON_DEPTH } from '../apps/api/src/intake/json-scan';
import { passwordAuth } from './support/api-test-app';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

jest.setTimeout(120_000);
const run = promisify(execFile);

/** Short, so that slow clients are cut off within a test's patience. */
const REQUEST_TIMEOUT_MS = 1_500;
const LIMIT = DEFAULT_INTAKE.maxBodyBytes;

interface View {
  uuid: string;
  status: string;
  environment: Record<string, string>;
  labels: Record<string, string>;
}

async function tarOf(name: string, content: Buffer): Promise<Buffer> {
  const p = pack();
  p.entry({ name, mode: 0o644 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the HTTP front door: sizes, types, depth, keys, routes and slow clients', () => {
  let berth: BerthStack;
  let web: string;

  beforeAll(async () => {
    berth = await BerthStack.start(undefined, { intake: { requestTimeoutMs: REQUEST_TIMEOUT_MS } });
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'web',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(run.status).toBe(202);
    web = run.body.uuid;
    await berth.waitFor<View>(web, (c) => c.status === 'Running');
  }, 90_000);

  afterAll(async () => {
    await berth?.close();
  });

  const auth = (): Record<string, string> => ({
    'X-Auth-Token': berth.token,
    'OpenStack-API-Version': 'container 1.40',
  });

  /** A request with a body given as text, exactly as written. */
  async function send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${berth.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  const json = (body: string, path = '/v1/containers', method = 'POST') =>
    send(method, path, body, { ...auth(), 'Content-Type': 'application/json' });

  function expectZun(res: { status: number; json: unknown }, status: number, code: string): string {
    expect(res.status).toBe(status);
    const error = (res.json as ZunErrorBody).errors[0];
    expect(error).toMatchObject({ status, code: `container.${code}` });
    return error.title;
  }

  function expectKeystone(res: { status: number; json: unknown }, status: number): string {
    expect({ status: res.status, code: (res.json as KeystoneErrorBody).error?.code }).toEqual({
      status,
      code: status,
    });
    return (res.json as KeystoneErrorBody).error.message;
  }

  const raw = (r: RawResponse): { status: number; json: unknown } => ({
    status: r.status,
    json: r.body === '' ? null : (JSON.parse(r.body) as unknown),
  });

  describe('sizes', () => {
    it('refuses a Content-Length over 114,688 bytes with 413 before a byte of the body is sent', async () => {
      const r = await exchange(
        berth.url,
        requestHead(berth.url, 'POST', '/v1/containers', {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': String(5 * 1024 * 1024),
        }),
        sendNothing,
        { timeoutMs: 5_000, closeWaitMs: 5_000 },
      );
      expect(expectZun(raw(r), 413, 'request-entity-too-large')).toBe(
        `Request is too large: the body may be at most ${LIMIT} bytes.`,
      );
      expect(r.headers.connection).toBe('close');
      expect(r.closedByServer).toBe(true);
      expect(r.sawContinue).toBe(false);
    });

    it('takes a body of exactly the limit and refuses one byte more', async () => {
      const exact = `{"image":"busybox","x":"${'a'.repeat(LIMIT - 26)}"}`;
      expect(Buffer.byteLength(exact)).toBe(LIMIT);
      expect(expectZun(await json(exact), 400, 'invalid')).toMatch(/Additional properties/);
      const over = `{"image":"busybox","x":"${'a'.repeat(LIMIT - 25)}"}`;
      expectZun(await json(over), 413, 'request-entity-too-large');
    });

    it('cuts a chunked body off as soon as it passes the limit, answering 413', async () => {
      const r = await exchange(
        berth.url,
        requestHead(berth.url, 'POST', '/v1/containers', {
          ...auth(),
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
        }),
        // 16 KiB chunks every 5 ms: what the server read is what was sent before its answer.
        trickle(5, 16 * 1024, 'a', true),
        { timeoutMs: 10_000, closeWaitMs: 5_000 },
      );
      expectZun(raw(r), 413, 'request-entity-too-large');
      expect(r.sentBytes).toBeGreaterThan(LIMIT);
      expect(r.sentBytes).toBeLessThan(LIMIT + 1024 * 1024);
      expect(r.closedByServer).toBe(true);
    });

    it('answers clients still sending a 5 MB body with their 413, not a reset', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await json(`{"image":"${'a'.repeat(5 * 1024 * 1024)}"}`);
        expectZun(res, 413, 'request-entity-too-large');
      }
      // python-requests (what python-zunclient and keystoneauth use) writes the whole body before
      // it reads; curl without `Expect: 100-continue` as well.
      const python = `import requests
for _ in range(3):
    r = requests.post('${berth.url}/v1/containers', data=b'a' * 5 * 1024 * 1024,
                      headers={'Content-Type': 'application/json', 'X-Auth-Token': '${berth.token}'})
    print(r.status_code, r.json()['errors'][0]['code'])`;
      const { stdout } = await run('python3', ['-c', python]);
      expect(stdout.trim().split('\n')).toEqual(
        Array(3).fill('413 container.request-entity-too-large'),
      );
      const curl = await run('sh', [
        '-c',
        `head -c 5000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -H 'Expect:' ` +
          `-H 'Content-Type: application/json' -H 'X-Auth-Token: ${berth.token}' ` +
          `--data-binary @- ${berth.url}/v1/containers`,
      ]);
      expect(curl.stdout).toBe('413');
    });

    it('gives put_archive a larger limit, only to a caller whose token is verified', async () => {
      const content = randomBytes(1024 * 1024);
      const body = JSON.stringify({ data: (await tarOf('big.bin', content)).toString('base64') });
      expect(body.length).toBeGreaterThan(LIMIT);
      const path = `/v1/containers/${web}/put_archive?path=%2Ftmp`;
      const put = await json(body, path);
      expect(put.status).toBe(200);
      const ls = await berth.request<{ output: string }>(
        'POST',
        `/v1/containers/${web}/execute?command=%22wc%22+%22-c%22+%22%2Ftmp%2Fbig.bin%22`,
      );
      expect(ls.body.output.trim()).toBe(`${content.length} /tmp/big.bin`);

      // The same body to any other route is too large.
      expectZun(await json(body), 413, 'request-entity-too-large');

      // Without a token, or with a forged one, the body is not read at all: 401 on the headers.
      for (const token of [undefined, `${berth.token}x`]) {
        const r = await exchange(
          berth.url,
          requestHead(berth.url, 'POST', path, {
            'Content-Type': 'application/json',
            'Content-Length': String(body.length),
            ...(token === undefined ? {} : { 'X-Auth-Token': token }),
          }),
          sendNothing,
          { timeoutMs: 5_000, closeWaitMs: 5_000 },
        );
        expectZun(raw(r), 401, 'authentication-required');
        expect(r.closedByServer).toBe(true);
      }

      // Over the archive limit, refused from the Content-Length, token or not.
      const huge = await exchange(
        berth.url,
        requestHead(berth.url, 'POST', path, {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': String(DEFAULT_INTAKE.maxArchiveBodyBytes + 1),
        }),
        sendNothing,
        { timeoutMs: 5_000 },
      );
      expect(expectZun(raw(huge), 413, 'request-entity-too-large')).toBe(
        `Request is too large: the body may be at most ${DEFAULT_INTAKE.maxArchiveBodyBytes} bytes.`,
      );
    });

    it('refuses an unauthenticated body on a protected route with 401, reading none of it', async () => {
      const variants: Array<Record<string, string>> = [
        { 'Content-Length': String(50 * 1024 * 1024) },
        { 'Transfer-Encoding': 'chunked' },
        { 'Content-Length': String(50 * 1024 * 1024), Expect: '100-continue' },
      ];
      for (const headers of variants) {
        const started = performance.now();
        const r = await exchange(
          berth.url,
          requestHead(berth.url, 'POST', '/v1/containers', {
            'Content-Type': 'application/json',
            ...headers,
          }),
          sendNothing,
          { timeoutMs: 5_000, closeWaitMs: 5_000 },
        );
        expectZun(raw(r), 401, 'authentication-required');
        expect(r.sawContinue).toBe(false);
        expect(r.closedByServer).toBe(true);
        expect(performance.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS);
      }
    });

    it('sends 100 Continue to a client that waits for it only when its body will be read', async () => {
      const body = '{"image":"busybox","nope":1}';
      const r = await exchange(
        berth.url,
        requestHead(berth.url, 'POST', '/v1/containers', {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': String(body.length),
          Expect: '100-continue',
        }),
        sendAll(body),
        { timeoutMs: 5_000 },
      );
      expect(r.sawContinue).toBe(true);
      expect(expectZun(raw(r), 400, 'invalid')).toMatch(/'nope' was unexpected/);
    });
  });

  describe('content type', () => {
    it('refuses a body that is not application/json with 415, whatever it holds', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ 'Content-Type': 'application/x-www-form-urlencoded' }, 'image=busybox'],
        [{ 'Content-Type': 'text/plain' }, '{"image":"busybox"}'],
        [{}, '{"image":"busybox"}'],
        [{ 'Content-Type': 'application/json; charset=latin1' }, '{"image":"busybox"}'],
        [{ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 'x'],
      ];
      for (const [headers, body] of cases) {
        const res = await send('POST', '/v1/containers', body, { ...auth(), ...headers });
        expectZun(res, 415, 'unsupported-media-type');
      }
      const get = await exchange(
        berth.url,
        requestHead(berth.url, 'GET', '/v1/containers', {
          ...auth(),
          'Content-Type': 'text/plain',
          'Content-Length': '5',
        }),
        sendAll('hello'),
      );
      expectZun(raw(get), 415, 'unsupported-media-type');
    });

    it('takes what python-zunclient and curl users send as JSON', async () => {
      const utf8 = await send('POST', '/v1/containers', '{"image":"busybox","nope":1}', {
        ...auth(),
        'Content-Type': 'application/json; charset=UTF-8',
      });
      expect(expectZun(utf8, 400, 'invalid')).toMatch(/'nope' was unexpected/);
      // Actions: Content-Type application/json and Content-Length 0.
      const action = await send('POST', '/v1/containers/nope/stop?timeout=1', undefined, {
        ...auth(),
        'Content-Type': 'application/json',
        'Content-Length': '0',
      });
      expectZun(action, 404, 'container-not-found');
      // image-search and some GETs: the body `null`.
      const list = await exchange(
        berth.url,
        requestHead(berth.url, 'GET', '/v1/containers', {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': '4',
        }),
        sendAll('null'),
      );
      expect(list.status).toBe(200);
      // raw_request: octet-stream and no body.
      const del = await send('DELETE', '/v1/containers/nope', undefined, {
        ...auth(),
        'Content-Type': 'application/octet-stream',
      });
      expectZun(del, 404, 'container-not-found');
    });
  });

  describe('depth and key count', () => {
    const nested = (depth: number): string =>
      `{"image":${'['.repeat(depth - 1)}"x"${']'.repeat(depth - 1)}}`;

    it(`refuses nesting beyond ${MAX_JSON_DEPTH} levels with 400, and passes it up to that`, async () => {
      expect(expectZun(await json(nested(MAX_JSON_DEPTH + 1)), 400, 'invalid')).toBe(
        `Invalid input: the JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`,
      );
      expect(expectZun(await json(nested(MAX_JSON_DEPTH)), 400, 'invalid')).toMatch(
        /field\/attribute image/,
      );
    });

    it('answers a body 100,000 levels deep with 400 on every kind of route, never a 500', async () => {
      for (const body of [
        '['.repeat(100_000),
        '{"a":'.repeat(20_000),
        `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
      ]) {
        expectZun(await json(body), 400, 'invalid');
        expectZun(await json(body, `/v1/containers/${web}`, 'PATCH'), 400, 'invalid');
        expectZun(await json(body, '/graphql'), 400, 'invalid');
        const identity = await send('POST', '/identity/v3/auth/tokens', body, {
          'Content-Type': 'application/json',
        });
        expectKeystone(identity, 400);
      }
    });

    it('answers a GraphQL query nested 50,000 levels deep inside its string with a 4xx', async () => {
      for (const query of [
        `{ container(id: ${'['.repeat(50_000)}) { uuid } }`,
        `{ container(id: "x") ${'{ uuid '.repeat(20_000)} }`,
      ]) {
        const res = await send('POST', '/graphql', JSON.stringify({ query }), {
          ...auth(),
          'Content-Type': 'application/json',
        });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    });

    it(`refuses a body of more than ${MAX_BODY_KEYS} keys with 400`, async () => {
      const keys = (n: number): string =>
        Array.from({ length: n }, (_, i) => `"K${i}":"v"`).join(',');
      const over = `{"image":"busybox","environment":{${keys(MAX_BODY_KEYS - 1)}}}`;
      expect(expectZun(await json(over), 400, 'invalid')).toBe(
        `Invalid input: the JSON body has more than ${MAX_BODY_KEYS} keys.`,
      );
      const within = `{"image":"busybox","environment":{${keys(MAX_BODY_KEYS - 3)}},"nope":1}`;
      expect(expectZun(await json(within), 400, 'invalid')).toMatch(/'nope' was unexpected/);
    });
  });

  describe('keys named after Object.prototype', () => {
    const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

    it('are unknown keys of a closed schema: 400 naming them, nothing created', async () => {
      for (const key of NAMES) {
        const create = await json(`{"image":"${TEST_IMAGE}","${key}":{"isAdmin":true}}`);
        expect(expectZun(create, 400, 'invalid')).toBe(
          `Additional properties are not allowed ('${key}' was unexpected).`,
        );
        const update = await json(`{"${key}":1}`, `/v1/containers/${web}`, 'PATCH');
        expect(expectZun(update, 400, 'invalid')).toBe(
          `Additional properties are not allowed ('${key}' was unexpected).`,
        );
      }
      const nested = await json(
        `{"image":"${TEST_IMAGE}","restart_policy":{"Name":"no","__proto__":{"x":1}}}`,
      );
      expect(expectZun(nested, 400, 'invalid')).toMatch(
        /^Invalid input for field\/attribute restart_policy: unknown key '__proto__'/,
      );
      const project = await berth.projectId();
      const quota = await json('{"containers":5,"toString":1}', `/v1/quotas/${project}`, 'PUT');
      expect(expectZun(quota, 400, 'invalid')).toBe(
        "Additional properties are not allowed ('toString' was unexpected).",
      );
      const list = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
      expect(list.body.containers.map((c) => c.uuid)).toEqual([web]);
    });

    it('are kept as sent in environment and labels, down to the container Docker runs', async () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const map = `{${NAMES.map((key, i) => `"${key}":"v${i}"`).join(',')}}`;
      const create = await json(
        `{"name":"protokeys","image":"${TEST_IMAGE}","command":["sleep","300"],"environment":${map},"labels":${map}}`,
        '/v1/containers?run=true',
      );
      expect(create.status).toBe(202);
      const uuid = (create.json as View).uuid;
      const view = await berth.waitFor<View>(uuid, (c) => c.status === 'Running');
      const expected = Object.fromEntries(NAMES.map((key, i) => [key, `v${i}`]));
      const own = (o: Record<string, string>): Array<[string, string]> => Object.entries(o).sort();
      expect(own(view.environment)).toEqual(own(expected));
      expect(own(view.labels)).toEqual(own(expected));
      const inspect = await berth.docker.getContainer(`berth-${uuid}`).inspect();
      expect(inspect.Config.Env).toEqual(
        expect.arrayContaining(NAMES.map((key, i) => `${key}=v${i}`)),
      );
      for (const [i, key] of NAMES.entries()) expect(inspect.Config.Labels[key]).toBe(`v${i}`);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      await berth.request('DELETE', `/v1/containers/${uuid}?force=True`);
    });
  });

  describe('routes', () => {
    it('match case-sensitively: /V1/containers is a 404 in Zun format, /v1/containers answers', async () => {
      for (const path of ['/V1/containers', '/v1/Containers', `/v1/containers/${web}/LOGS`]) {
        const res = await send('GET', path, undefined, auth());
        expect(expectZun(res, 404, 'not-found')).toBe('The resource could not be found.');
      }
      expect((await send('GET', '/v1/containers', undefined, auth())).status).toBe(200);
      const identity = await send('GET', '/Identity/v3', undefined, {});
      expect(identity.status).toBe(404);
    });
  });

  describe('what Node refuses before Express', () => {
    /** Raw bytes on a fresh connection; the answer as the client reads it. */
    const rawExchange = (request: string): Promise<RawResponse> =>
      exchange(berth.url, request, sendNothing, { timeoutMs: 20_000, closeWaitMs: 5_000 });

    it.each<[string, string, number]>([
      ['a method no parser knows', 'BREW /v1/containers HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      ['a method in lower case', 'get /v1/containers HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      ['a space in the path', 'GET /v1/con tainers HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      [
        'both Content-Length and Transfer-Encoding',
        'POST /v1/containers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
        400,
      ],
      [
        'a negative Content-Length',
        'POST /v1/containers HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}',
        400,
      ],
      ['a header line without a colon', 'GET /v1 HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n', 400],
      [
        '20 kB of headers',
        `GET /v1/containers HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(20_000)}\r\n\r\n`,
        431,
      ],
      ['CONNECT to an authority', 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n', 405],
    ])('answers %s in Zun format with a request id, then closes', async (_why, request, status) => {
      const r = await rawExchange(request);
      expect(r.status).toBe(status);
      expect(r.headers['content-type']).toBe('application/json');
      const error = (raw(r).json as ZunErrorBody).errors[0];
      expect(error?.status).toBe(status);
      expect(error?.request_id).toBe(r.headers['x-openstack-request-id']);
      expect(error?.request_id).toMatch(/^req-/);
      expect(r.closedByServer).toBe(true);
    });

    it('answers a malformed request under /identity in Keystone format', async () => {
      const r = await rawExchange('get /identity/v3/auth/tokens HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(expectKeystone(raw(r), 400)).toContain('not well-formed HTTP');
    });
  });

  describe('paths with an empty segment', () => {
    it('are a 404 in Zun format, while one trailing slash is still the collection', async () => {
      for (const path of ['/v1/containers//', '/v1//containers', `//v1/containers/${web}`]) {
        const res = await send('GET', path, undefined, auth());
        expect(expectZun(res, 404, 'not-found')).toBe('The resource could not be found.');
      }
      expect((await send('GET', '/v1/containers/', undefined, auth())).status).toBe(200);
    });
  });

  describe('slow clients', () => {
    it(`cuts off a body that trickles in with 408 after about ${REQUEST_TIMEOUT_MS} ms`, async () => {
      const r = await exchange(
        berth.url,
        requestHead(berth.url, 'POST', '/v1/containers', {
          ...auth(),
          'Content-Type': 'application/json',
          'Content-Length': '100000',
        }),
        trickle(100),
        { timeoutMs: 20_000, closeWaitMs: 5_000 },
      );
      expect(expectZun(raw(r), 408, 'request-timeout')).toBe(
        `The request body did not arrive within ${REQUEST_TIMEOUT_MS / 1000} seconds.`,
      );
      expect(r.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(r.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3_000);
      expect(r.closedByServer).toBe(true);
    });

    it('disconnects a client whose headers trickle in', async () => {
      const started = performance.now();
      const r = await exchange(
        berth.url,
        `POST /v1/containers HTTP/1.1\r\nHost: x\r\n`,
        trickle(200, 1, 'a'),
        { timeoutMs: 20_000, closeWaitMs: 5_000 },
      );
      expect(r.closedByServer).toBe(true);
      expect([0, 408]).toContain(r.status);
      expect(performance.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS * 2 + 2_000);
    });
  });

  describe('Keystone input', () => {
    const tokens = (body: string, headers: Record<string, string> = {}) =>
      send('POST', '/identity/v3/auth/tokens', body, {
        'Content-Type': 'application/json',
        ...headers,
      });
    const good = passwordAuth('admin', 'wrong', 'admin') as {
      auth: { identity: { password: { user: Record<string, unknown> } } };
    };
    const withUser = (user: Record<string, unknown>): string =>
      JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { ...good.auth.identity.password.user, ...user } },
          },
        },
      });

    it('answers every malformed body with 400 in Keystone format, never a 500', async () => {
      const bodies = [
        '{',
        '[]',
        '"x"',
        'null',
        '5',
        '{}',
        '{"auth":null}',
        '{"auth":[]}',
        '{"auth":"x"}',
        '{"auth":{}}',
        '{"auth":{"identity":null}}',
        '{"auth":{"identity":[]}}',
        '{"auth":{"identity":{}}}',
        '{"auth":{"identity":{"methods":"password"}}}',
        '{"auth":{"identity":{"methods":[]}}}',
        '{"auth":{"identity":{"methods":[1]}}}',
        '{"auth":{"identity":{"methods":["password"]}}}',
        '{"auth":{"identity":{"methods":["password"],"password":null}}}',
        '{"auth":{"identity":{"methods":["password"],"password":[]}}}',
        '{"auth":{"identity":{"methods":["password"],"password":{"user":"admin"}}}}',
        '{"auth":{"identity":{"methods":["password"],"password":{"user":null}}}}',
        '{"auth":{"identity":{"methods":["token"]}}}',
        '{"auth":{"identity":{"methods":["token"],"token":null}}}',
        '{"auth":{"identity":{"methods":["token"],"token":{}}}}',
        '{"auth":{"identity":{"methods":["token"],"token":{"id":5}}}}',
        '{"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":5}}',
        '{"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":null}}}',
        '{"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":{"name":5}}}}',
        '{"auth":{"identity":{"methods":["token"],"token":{"id":"t"}},"scope":{"project":{"name":"a","domain":null}}}}',
        withUser({ name: 5 }),
        withUser({ name: null }),
        withUser({ id: [] }),
        withUser({ password: 5 }),
        withUser({ password: null }),
        withUser({ domain: null }),
        withUser({ domain: 'Default' }),
        withUser({ domain: { name: 5 } }),
        withUser({ name: 'a'.repeat(100_000) }),
        withUser({ password: 'p'.repeat(5_000) }),
      ];
      for (const body of bodies) {
        const res = await tokens(body);
        expect({ body: body.slice(0, 120), status: res.status }).toEqual({
          body: body.slice(0, 120),
          status: 400,
        });
        expectKeystone(res, 400);
      }
      // A well-formed body with a wrong password is still Keystone's 401.
      expectKeystone(await tokens(JSON.stringify(good)), 401);
    });

    it('answers oversized and non-JSON bodies in Keystone format too', async () => {
      expectKeystone(
        await tokens('auth=x', { 'Content-Type': 'application/x-www-form-urlencoded' }),
        415,
      );
      expectKeystone(await tokens(`{"auth":"${'a'.repeat(LIMIT)}"}`), 413);
    });

    it('refuses null and wrongly typed fields of the admin calls with 400', async () => {
      for (const [path, body] of [
        ['/identity/v3/projects', '{"project":null}'],
        ['/identity/v3/projects', '{"project":{"name":"p1","description":null}}'],
        ['/identity/v3/projects', '{"project":{"name":5}}'],
        ['/identity/v3/users', '{"user":{"name":"u1","password":"pw","default_project_id":null}}'],
        ['/identity/v3/users', '{"user":{"name":"u1","password":["pw"]}}'],
      ] as const) {
        const res = await send('POST', path, body, {
          'X-Auth-Token': berth.token,
          'Content-Type': 'application/json',
        });
        expectKeystone(res, 400);
      }
    });
  });

  describe('under hostile traffic', () => {
    it('keeps answering GET /v1/containers/{id} while 20 clients send 5 MB, 100k-deep and slow bodies', async () => {
      const kinds: HostileKind[] = [
        ...Array<HostileKind>(4).fill('oversized'),
        ...Array<HostileKind>(3).fill('oversized-chunked'),
        ...Array<HostileKind>(7).fill('deep'),
        ...Array<HostileKind>(6).fill('slow'),
      ];
      let stopped = false;
      const hostile = runHostileClients(berth.url, kinds, auth(), () => stopped);
      const reads: number[] = [];
      const until = performance.now() + 6_000;
      while (performance.now() < until) {
        const started = performance.now();
        const res = await berth.request<View>('GET', `/v1/containers/${web}`);
        reads.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 20));
      }
      stopped = true;
      const results = await hostile;
      expect(reads.length).toBeGreaterThan(20);
      expect(Math.max(...reads)).toBeLessThan(2_000);
      const statuses = (kind: HostileKind): number[] => [
        ...new Set(results.filter((r) => r.kind === kind).map((r) => r.status)),
      ];
      expect(statuses('oversized')).toEqual([413]);
      expect(statuses('oversized-chunked')).toEqual([413]);
      expect(statuses('deep')).toEqual([400]);
      expect(statuses('slow')).toEqual([408]);
    });
  });
});
