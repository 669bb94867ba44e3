import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { Pool } from 'pg';
import { LABEL_NETWORK, LABEL_NETWORK_PROJECT } from '@berth/drivers';
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

/** The Berth networks of these projects on one engine; one still in use stays. */
export async function removeProjectNetworks(engine: Docker, projects: Set<string>): Promise<void> {
  const networks = await engine
    .listNetworks({ filters: { label: [LABEL_NETWORK] } })
    .catch(() => []);
  for (const network of networks) {
    if (!projects.has(network.Labels?.[LABEL_NETWORK_PROJECT] ?? '')) continue;
    await engine
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  }
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

  /** A new project with a member of its own, logged in: a second tenant. */
  async tenant(name: string): Promise<{ project: string; token: string }> {
    const made = await this.request<{ project: { id: string } }>('POST', '/identity/v3/projects', {
      project: { name },
    });
    const project = made.body.project.id;
    const user = await this.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: `${name}-member`, password: 's3cret', default_project_id: project },
    });
    const grant = `/identity/v3/projects/${project}/users/${user.body.user.id}/roles/member`;
    const granted = await this.request('PUT', grant);
    if (granted.status !== 204) throw new Error(`grant for ${name}: ${granted.status}`);
    return { project, token: await this.login(`${name}-member`, 's3cret', name) };
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

  /**
   * Stops Berth, then removes the Docker containers of every container it created and the
   * project networks its projects left (each project's `default` at least): Docker's default
   * address pools hold only about 30 bridges per engine.
   */
  async close(): Promise<void> {
    const projects = await this.projectIds();
    await this.app.close();
    for (const engine of this.engines.values()) {
      for (const uuid of this.created) {
        await engine
          .getContainer(`berth-${uuid}`)
          .remove({ force: true })
          .catch(() => undefined);
      }
      await removeProjectNetworks(engine, projects);
    }
  }

  /** Every project of this stack's own database (its admin's and the tenants it made). */
  private async projectIds(): Promise<Set<string>> {
    const pool = new Pool({ connectionString: this.app.config.databaseUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM identity_projects');
      return new Set(rows.map((r) => r.id));
    } catch {
      return new Set();
    } finally {
      await pool.end();
    }
  }
}
