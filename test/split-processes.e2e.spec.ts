import { randomBytes } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Docker from 'dockerode';
import { PlatformModule, platformConfigFromEnv } from '@berth/platform';
import { ComputeModule } from '../apps/compute/src/compute.module';
import { computeConfigFromEnv } from '../apps/compute/src/compute.config';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { TEST_IMAGE, login } from './support/berth-stack';
import { zunFetch } from './support/zun-fetch';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}

/**
 * API (with the projector) and compute as separate applications sharing only PostgreSQL, as in a
 * real deployment: the synchronous calls reach the engine the compute advertised.
 */
describe('an API running apart from its compute', () => {
  let api: ApiTestApp;
  let compute: INestApplicationContext;
  let token: string;
  const created: string[] = [];

  beforeAll(async () => {
    api = await startApiTestApp({ imports: [ProjectorModule] });
    const hostname = `e2e-split-${randomBytes(4).toString('hex')}`;
    @Module({
      imports: [
        PlatformModule.forRoot(platformConfigFromEnv({ databaseUrl: api.config.databaseUrl })),
        ComputeModule.forRoot(
          computeConfigFromEnv({
            hostname,
            networkMode: 'none',
            advertisedDocker: 'unix:///var/run/docker.sock',
          }),
        ),
      ],
    })
    class ComputeApp {}
    compute = await NestFactory.createApplicationContext(ComputeApp, { logger: ['error'] });
    await compute.init();
    token = await login(api.url, 'admin', api.adminPassword, 'admin');
  });

  afterAll(async () => {
    await compute?.close();
    await api?.close();
    const docker = new Docker();
    for (const uuid of created) {
      await docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await zunFetch(api.url, token, method, path, body);
    return { status: res.status, body: (await res.json()) as T };
  };

  it('runs a container on the other process and answers exec and logs through its engine', async () => {
    const run = await call<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo started; sleep 300'],
    });
    expect(run.status).toBe(202);
    created.push(run.body.uuid);
    const deadline = Date.now() + 15_000;
    let view = run.body;
    while (!(view.status === 'Running' && view.task_state === null) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await call<View>('GET', `/v1/containers/${run.body.uuid}`)).body;
    }
    expect(view.status).toBe('Running');

    const exec = await call<{ output: string; exit_code: number }>(
      'POST',
      `/v1/containers/${run.body.uuid}/execute?command=%22echo%22+%22hi%22`,
    );
    expect(exec.status).toBe(200);
    expect(exec.body).toMatchObject({ output: 'hi\n', exit_code: 0 });
    const logs = await call<string>('GET', `/v1/containers/${run.body.uuid}/logs`);
    expect(logs.body).toContain('started');
  });
});
