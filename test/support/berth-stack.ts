import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { computeConfigFromEnv, type NetworkMode } from '../../apps/compute/src/compute.config';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { passwordAuth, startApiTestApp, type ApiTestApp, type StartOptions } from './api-test-app';

/** The image every end-to-end test runs: built by provisioning, served by the local registry. */
export const TEST_IMAGE =
  process.env.BERTH_TEST_IMAGE ?? '127.0.0.1:5000/berth-test/busybox:latest';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed when the body is JSON, else null (see `text`). */
  body: T;
  text: string;
}

/** One compute of a test stack: its host name, its engine (default: the local one). */
export interface ComputeHost {
  hostname: string;
  docker?: string;
  /** Default: the project's own network, as in production. */
  networkMode?: NetworkMode;
}

export function startTestApp(
  computes: readonly ComputeHost[],
  options: Omit<StartOptions, 'imports'> = {},
): Promise<ApiTestApp> {
  return startApiTestApp({
    ...options,
    imports: [
      ProjectorModule,
      ...computes.map(({ hostname, docker, networkMode }) =>
        ComputeModule.forRoot(
          computeConfigFromEnv({ hostname, docker, ...(networkMode ? { networkMode } : {}) }),
        ),
      ),
    ],
  });
}

function engineOf(endpoint: string | undefined): Docker {
  return endpoint ? new Docker({ socketPath: endpoint.replace(/^unix:\/\//, '') }) : new Docker();
}

/** A Keystone password login; returns the X-Subject-Token. */
export async function login(
  url: string,
  user: string,
  password: string,
  project: string,
): Promise<string> {
  const res = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(passwordAuth(user, password, project)),
  });
  const token = res.headers.get('x-subject-token');
  if (!token) throw new Error(`no token for ${user}: ${res.status}`);
  return token;
}

/**
 * The whole of Berth in this process (API, projector, one compute on the local Docker engine)
 * against a throwaway database, with an admin token ready.
 */
export class BerthStack {
  /** The first compute's engine. */
  readonly docker: Docker;
  /** Each compute's engine by host name, to check where a container really runs. */
  readonly engines: ReadonlyMap<string, Docker>;
  private readonly created: string[] = [];

  protected constructor(
    readonly app: ApiTestApp,
    computes: readonly ComputeHost[],
    readonly token: string,
  ) {
    this.engines = new Map(computes.map((c) => [c.hostname, engineOf(c.docker)]));
    this.docker = this.engines.get(computes[0].hostname) ?? new Docker();
    this.hostname = computes[0].hostname;
  }

  /** The first compute's host name. */
  readonly hostname: string;

  /**
   * Every compute runs in this process; two `ComputeModule.forRoot(...)` coexist because Nest 11
   * keys dynamic modules by reference. Default: one host on the default engine, project networks.
   */
  static async start(
    computes: readonly ComputeHost[] = [{ hostname: `e2e-${randomBytes(4).toString('hex')}` }],
    options: Omit<StartOptions, 'imports'> = {},
  ): Promise<BerthStack> {
    const app = await startTestApp(computes, options);
    const stack = new BerthStack(
      app,
      computes,
      await login(app.url, 'admin', app.adminPassword, 'admin'),
    );
    return stack.whenHostsRegistered();
  }

  /**
   * Computes register on start, but the scheduler sees a host only once the projector has it:
   * a create made before then would fail with "No compute host is registered".
   */
  async whenHostsRegistered(timeoutMs = 15_000): Promise<this> {
    const wanted = [...this.engines.keys()];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.request<{ hosts: Array<{ hostname: string }> }>('GET', '/v1/hosts');
      const known = new Set((res.body?.hosts ?? []).map((h) => h.hostname));
      if (wanted.every((h) => known.has(h))) return this;
      if (Date.now() > deadline) throw new Error(`hosts never registered: ${wanted.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Another user's token, e.g. a member of a second project. */
  login(user: string, password: string, project: string): Promise<string> {
    return login(this.url, user, password, project);
  }

  get adminToken(): string {
    return this.token;
  }

  /** The admin's project, as the token is scoped. */
  async projectId(): Promise<string> {
    const res = await fetch(`${this.url}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': this.token, 'x-subject-token': this.token },
    });
    const body = (await res.json()) as { token: { project: { id: string } } };
    return body.token.project.id;
  }

  get url(): string {
    return this.app.url;
  }

  /** `as`: extra headers, or another user's token. */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    as: Record<string, string> | string = {},
  ): Promise<JsonResponse<T>> {
    const headers = typeof as === 'string' ? { 'x-auth-token': as } : as;
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        'x-auth-token': this.token,
        'openstack-api-version': 'container 1.40',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
    const parsed: unknown = isJson && text ? JSON.parse(text) : null;
    const uuid = (parsed as { uuid?: unknown } | null)?.uuid;
    if (method === 'POST' && typeof uuid === 'string') this.created.push(uuid);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  /** Polls GET /v1/containers/X until `predicate` holds, as `zun run` polls for Running. */
  async waitFor<T extends { status: string }>(
    ident: string,
    predicate: (c: T) => boolean,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: JsonResponse<T> | undefined;
    while (Date.now() < deadline) {
      last = await this.request<T>('GET', `/v1/containers/${ident}`);
      if (last.status === 200 && predicate(last.body)) return last.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting on ${ident}; last: ${JSON.stringify(last?.body)}`);
  }

  /** Stops Berth, then removes the Docker containers of every container it created. */
  async close(): Promise<void> {
    await this.app.close();
    for (const engine of this.engines.values()) {
      for (const uuid of this.created) {
        await engine
          .getContainer(`berth-${uuid}`)
          .remove({ force: true })
          .catch(() => undefined);
      }
    }
  }
}
