import { Client } from 'pg';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { TEST_IMAGE, login } from './support/berth-stack';

/** After a write the API answers once its own change is readable, even if its listener dropped. */
describe('read-your-writes', () => {
  let api: ApiTestApp;
  let token: string;

  beforeAll(async () => {
    api = await startApiTestApp({ imports: [ProjectorModule] });
    token = await login(api.url, 'admin', api.adminPassword, 'admin');
  });

  afterAll(async () => {
    await api?.close();
  });

  const create = async (): Promise<{ ms: number; uuid: string }> => {
    const started = Date.now();
    const res = await fetch(`${api.url}/v1/containers`, {
      method: 'POST',
      headers: {
        'x-auth-token': token,
        'openstack-api-version': 'container 1.40',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ image: TEST_IMAGE }),
    });
    const body = (await res.json()) as { uuid: string };
    return { ms: Date.now() - started, uuid: body.uuid };
  };

  const listed = async (uuid: string): Promise<boolean> => {
    const res = await fetch(`${api.url}/v1/containers/${uuid}`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });
    return res.status === 200;
  };

  it('shows a created container on the very next GET', async () => {
    const { uuid } = await create();
    expect(await listed(uuid)).toBe(true);
  });

  it('holds one LISTEN connection for every writer of the API', async () => {
    const admin = new Client({ connectionString: api.config.databaseUrl });
    await admin.connect();
    const listeners = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'berth-projection-waiter'`,
    );
    await admin.end();
    // Containers, images and the watch hub all wait on the projector through one waiter.
    expect(listeners.rows[0].n).toBe(1);
  });

  it('keeps answering promptly after its LISTEN connection is cut', async () => {
    const admin = new Client({ connectionString: api.config.databaseUrl });
    await admin.connect();
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'berth-projection-waiter'`,
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000)); // the listener reconnects after 500 ms

    const { ms, uuid } = await create();
    // Without the reconnect every write would wait out the 3 s bound.
    expect(ms).toBeLessThan(2000);
    expect(await listed(uuid)).toBe(true);
  });
});
