import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { DataSource } from 'typeorm';
import { ComputeModule } from '../../apps/compute/src/compute.module';
import { computeConfigFromEnv } from '../../apps/compute/src/compute.config';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startApiTestApp, type ApiTestApp } from './api-test-app';
import { login } from './berth-stack';
import { zunFetch } from './zun-fetch';

/** A GraphQL response as the tests read it. */
export interface GraphqlResponse<TData> {
  status: number;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  };
}

/**
 * BerthStack's twin for GraphQL tests: the API (REST + /graphql), the projector and
 * one compute on the local Docker engine, against a throwaway database, with an admin token.
 */
export class GraphqlStack {
  readonly docker = new Docker();
  private readonly created: string[] = [];

  private constructor(
    readonly app: ApiTestApp,
    readonly adminToken: string,
  ) {}

  static async start(): Promise<GraphqlStack> {
    const hostname = `e2e-gql-${randomBytes(4).toString('hex')}`;
    const app = await startApiTestApp({
      imports: [
        ProjectorModule,
        ComputeModule.forRoot(computeConfigFromEnv({ hostname, networkMode: 'none' })),
      ],
    });
    const stack = new GraphqlStack(app, '');
    const token = await stack.login('admin', app.adminPassword, 'admin');
    return new GraphqlStack(app, token);
  }

  get dataSource(): DataSource {
    return this.app.app.get(DataSource);
  }

  login(user: string, password: string, project: string): Promise<string> {
    return login(this.app.url, user, password, project);
  }

  /** A new project with one member user; answers the member's project-scoped token. */
  async createMember(project: string, user: string): Promise<{ token: string; projectId: string }> {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const p = await this.rest<{ project: { id: string } }>('POST', '/identity/v3/projects', {
      project: { name: project },
    });
    const projectId = p.body.project.id;
    const u = await this.rest<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: user, password, default_project_id: projectId },
    });
    await this.rest(
      'PUT',
      `/identity/v3/projects/${projectId}/users/${u.body.user.id}/roles/member`,
    );
    return { token: await this.login(user, password, project), projectId };
  }

  async rest<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token: string = this.adminToken,
  ): Promise<{ status: number; body: T }> {
    const res = await zunFetch(this.app.url, token, method, path, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Creates a container through REST (as the zun CLI does) and waits until compute made it. */
  async createContainer(name: string, image: string, token = this.adminToken): Promise<string> {
    const res = await this.rest<{ uuid: string }>('POST', '/v1/containers', { name, image }, token);
    if (res.status !== 202)
      throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    this.created.push(res.body.uuid);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const got = await this.rest<{ status: string }>(
        'GET',
        `/v1/containers/${res.body.uuid}`,
        undefined,
        token,
      );
      if (got.body.status !== 'Creating') return res.body.uuid;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${name} still Creating`);
  }

  async graphql<TData>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = this.adminToken,
  ): Promise<GraphqlResponse<TData>> {
    const res = await fetch(`${this.app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { 'x-auth-token': token }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphqlResponse<TData>['body'] };
  }

  /** Stops Berth, then removes the Docker containers it made. */
  async close(): Promise<void> {
    await this.app.close();
    for (const uuid of this.created) {
      await this.docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
}
