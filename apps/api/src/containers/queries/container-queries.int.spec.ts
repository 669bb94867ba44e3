import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { ContainerNotFound, PresentContainer } from '@berth/domain';
import { ContainerRow, READ_MODEL_ENTITIES, runMigrations } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { ApiConfig } from '../../config/api-config';
import { RequestContext } from '../../request-context/request-context';
import { PolicyEnforcer } from '../../policy/policy-enforcer';
import { PolicyTable } from '../../policy/policy-table';
import { ContainerQueries, type ContainerPage } from './container-queries';
import { throughPipe } from '../../input/testing/through-pipe';
import { ListContainersQuery, toListContainersParams } from './list-containers.query';

type RawQuery = Record<string, string | string[] | undefined>;
import { aSpec } from '@berth/domain/testing/a-spec';
import {
  adminQuery as admin,
  databaseUrl as urlFor,
} from '@berth/platform/testing/scratch-database';

const database = `berth_q_${randomBytes(5).toString('hex')}`;
const SCHEMA = 'read';
const BASE = 'http://berth.test:9517';

function ctxFor(project: string, roles: string[] = ['member']): RequestContext {
  return new RequestContext({
    request_id: 'req-test',
    user_id: `user-${project}`,
    user_name: 'tester',
    project_id: project,
    project_name: project,
    roles,
    auth_token: null,
    // As a container route's handler is handed it: show's rule, checked on what is found.
    rule: 'container:get_one',
  });
}

const member = ctxFor('p1');
const other = ctxFor('p2');
const cloudAdmin = ctxFor('admin', ['admin']);

let seq = 0;
/** A row as the projector writes it; created one second apart so default order is insertion. */
function aRow(fields: Partial<PresentContainer> & { memory?: number | null } = {}): ContainerRow {
  seq += 1;
  const at = new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString();
  const { memory = 128, ...rest } = fields;
  const state: PresentContainer = {
    exists: true,
    uuid: randomUUID(),
    name: `c${seq}`,
    project_id: 'p1',
    user_id: 'user-p1',
    host: 'host-a',
    addresses: {},
    ports: [],
    spec: aSpec({ command: null, memory }),
    status: 'Running',
    task_state: null,
    status_reason: null,
    docker_id: null,
    image_id: null,
    pending: null,
    created_at: at,
    updated_at: at,
    deleted: false,
    exit_code: null,
    restart_count: 0,
    ...rest,
  };
  return {
    uuid: state.uuid,
    name: state.name,
    project_id: state.project_id,
    user_id: state.user_id,
    image: state.spec.image,
    status: state.status,
    status_reason: state.status_reason,
    task_state: state.task_state,
    host: state.host,
    docker_id: state.docker_id,
    cpu: state.spec.cpu,
    memory: state.spec.memory,
    disk: state.spec.disk,
    auto_remove: state.spec.auto_remove,
    deleted: state.deleted,
    state,
    position: String(seq),
    revision: '0',
    created_at: new Date(state.created_at),
    updated_at: new Date(state.updated_at),
  };
}

describe('ContainerQueries (PostgreSQL)', () => {
  let pool: Pool;
  let dataSource: DataSource;
  let queries: ContainerQueries;

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    pool = new Pool({ connectionString: urlFor(database), max: 2 });
    await runMigrations({
      connectionString: urlFor(database),
      schemas: { read: SCHEMA, ops: 'ops' },
    });
    dataSource = await new DataSource({
      type: 'postgres',
      url: urlFor(database),
      schema: SCHEMA,
      entities: READ_MODEL_ENTITIES,
      synchronize: false,
    }).initialize();
    const config = new ApiConfig({
      host: '127.0.0.1',
      port: 9517,
      publicUrl: BASE,
      databaseUrl: urlFor(database),
      stateDir: '/tmp',
    });
    queries = new ContainerQueries(dataSource, config, new PolicyEnforcer(PolicyTable.defaults()));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pool?.end();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  beforeEach(async () => {
    await dataSource.getRepository(ContainerRow).clear();
  });

  async function insert(...rows: ContainerRow[]): Promise<ContainerRow[]> {
    await dataSource.getRepository(ContainerRow).insert(rows);
    return rows;
  }

  /** Parses inside the promise, so a 400 from the parser rejects like the query's own errors. */
  const list = async (query: RawQuery, ctx: RequestContext = member): Promise<ContainerPage> =>
    queries.list(toListContainersParams(await throughPipe(ListContainersQuery, query)), ctx);
  const names = (page: { containers: PresentContainer[] }): string[] =>
    page.containers.map((c) => c.name);

  describe('findByIdent', () => {
    it('finds by uuid and by name within the caller project', async () => {
      const [row] = await insert(aRow({ name: 'web' }));
      expect((await queries.findByIdent(row.uuid, member)).uuid).toBe(row.uuid);
      expect((await queries.findByIdent('web', member)).uuid).toBe(row.uuid);
    });

    it("hides other projects' containers and deleted ones with 404", async () => {
      const [mine, gone] = await insert(
        aRow({ name: 'web' }),
        aRow({ name: 'old', deleted: true }),
      );
      const notFound = queries.findByIdent(mine.uuid, other);
      await expect(notFound).rejects.toMatchObject({
        status: 404,
        message: `Container ${mine.uuid} could not be found.`,
      } satisfies Partial<ContainerNotFound>);
      await expect(queries.findByIdent('web', other)).rejects.toMatchObject({ status: 404 });
      await expect(queries.findByIdent(gone.uuid, member)).rejects.toMatchObject({ status: 404 });
      await expect(queries.findByIdent('old', member)).rejects.toMatchObject({ status: 404 });
    });

    it('does not fall back to a name lookup for a uuid-like ident', async () => {
      const ident = randomUUID();
      await insert(aRow({ name: ident }));
      await expect(queries.findByIdent(ident, member)).rejects.toMatchObject({ status: 404 });
    });

    it('answers 409 when a name is ambiguous', async () => {
      await insert(aRow({ name: 'twin' }), aRow({ name: 'twin' }));
      await expect(queries.findByIdent('twin', member)).rejects.toMatchObject({
        status: 409,
        message: 'Multiple containers exist with same name. Please use the container uuid instead.',
      });
    });

    it('refuses all_projects to a non-admin with 403, and lets an admin see every project', async () => {
      const [row] = await insert(aRow({ name: 'web' }));
      await expect(queries.findByIdent(row.uuid, member, true)).rejects.toMatchObject({
        status: 403,
        message: "Policy doesn't allow container:get_one_all_projects to be performed.",
      });
      expect((await queries.findByIdent('web', cloudAdmin, true)).uuid).toBe(row.uuid);
      // Zun's get_resource widens every admin lookup to all projects.
      expect((await queries.findByIdent(row.uuid, cloudAdmin)).uuid).toBe(row.uuid);
    });
  });

  describe('list', () => {
    it("lists the caller's live containers in creation order", async () => {
      await insert(
        aRow({ name: 'a' }),
        aRow({ name: 'b', project_id: 'p2' }),
        aRow({ name: 'c', deleted: true }),
        aRow({ name: 'd' }),
      );
      const page = await list({});
      expect(names(page)).toEqual(['a', 'd']);
      expect(page.next).toBeNull();
    });

    it('spans projects only for an admin asking all_projects', async () => {
      await insert(aRow({ name: 'a' }), aRow({ name: 'b', project_id: 'p2' }));
      expect(names(await list({}, cloudAdmin))).toEqual([]);
      expect(names(await list({ all_projects: 'True' }, cloudAdmin))).toEqual(['a', 'b']);
      await expect(list({ all_projects: 'True' })).rejects.toMatchObject({
        status: 403,
        message: "Policy doesn't allow container:get_all_all_projects to be performed.",
      });
    });

    it("filters, keeping a non-admin's project_id filter inside its project", async () => {
      await insert(
        aRow({ name: 'a', status: 'Stopped', memory: 512 }),
        aRow({ name: 'b', status: 'Running', memory: 512 }),
        aRow({ name: 'c', status: 'Running', memory: 256 }),
        aRow({ name: 'x', project_id: 'p2' }),
      );
      expect(names(await list({ status: 'Running' }))).toEqual(['b', 'c']);
      expect(names(await list({ memory: '512', status: 'Running' }))).toEqual(['b']);
      expect(names(await list({ name: ['a', 'c'] }))).toEqual(['a', 'c']);
      expect(names(await list({ auto_remove: 'False', image: 'busybox' }))).toHaveLength(3);
      expect(names(await list({ project_id: 'p2' }))).toEqual([]);
      const all = { all_projects: '1', project_id: 'p2' };
      expect(names(await list(all, cloudAdmin))).toEqual(['x']);
      expect(names(await list({ host: 'host-a' }, cloudAdmin))).toEqual([]);
      await expect(list({ host: 'host-a' })).rejects.toMatchObject({ status: 403 });
    });

    it('sorts on any allowed key both ways, NULLs last ascending', async () => {
      await insert(
        aRow({ name: 'b', task_state: 'container_stopping' }),
        aRow({ name: 'c', task_state: null }),
        aRow({ name: 'a', task_state: 'image_pulling' }),
      );
      expect(names(await list({ sort_key: 'name' }))).toEqual(['a', 'b', 'c']);
      expect(names(await list({ sort_key: 'name', sort_dir: 'desc' }))).toEqual(['c', 'b', 'a']);
      expect(names(await list({ sort_key: 'task_state' }))).toEqual(['b', 'a', 'c']);
      expect(names(await list({ sort_key: 'created_at', sort_dir: 'desc' }))).toEqual([
        'a',
        'c',
        'b',
      ]);
    });

    it('pages with limit and marker and links the next page', async () => {
      const rows = await insert(aRow(), aRow(), aRow(), aRow(), aRow());
      const first = await list({ limit: '2' });
      expect(first.containers.map((c) => c.uuid)).toEqual([rows[0].uuid, rows[1].uuid]);
      expect(first.next).toBe(
        `${BASE}/v1/containers?sort_key=id&sort_dir=asc&limit=2&marker=${rows[1].uuid}`,
      );
      const second = await list({ limit: '2', marker: rows[1].uuid });
      expect(second.containers.map((c) => c.uuid)).toEqual([rows[2].uuid, rows[3].uuid]);
      const third = await list({ limit: '2', marker: rows[3].uuid });
      expect(third.containers.map((c) => c.uuid)).toEqual([rows[4].uuid]);
      expect(third.next).toBeNull();
    });

    it('walks every page of a sort on a nullable column with ties, in both directions', async () => {
      await insert(
        aRow({ name: 'n1', task_state: null }),
        aRow({ name: 'a1', task_state: 'image_pulling' }),
        aRow({ name: 'b1', task_state: 'sg_adding' }),
        aRow({ name: 'n2', task_state: null }),
        aRow({ name: 'a2', task_state: 'image_pulling' }),
      );
      for (const sort_dir of ['asc', 'desc']) {
        const full = names(
          await list({ sort_key: 'task_state', sort_dir, all_projects: '1' }, cloudAdmin),
        );
        const walked: string[] = [];
        let marker: string | undefined;
        for (let i = 0; i < 10; i += 1) {
          const query = { sort_key: 'task_state', sort_dir, all_projects: '1', limit: '2', marker };
          const page = await list(query, cloudAdmin);
          walked.push(...names(page));
          if (page.next === null) break;
          marker = new URL(page.next).searchParams.get('marker') ?? undefined;
        }
        expect(walked).toEqual(full);
        expect(new Set(walked).size).toBe(5);
      }
    });

    it('keeps the filters in the next link', async () => {
      const rows = await insert(aRow({ status: 'Running' }), aRow({ status: 'Running' }));
      const page = await list({ limit: '1', status: 'Running', all_projects: 'true' }, cloudAdmin);
      const next = new URL(page.next ?? '');
      expect(next.pathname).toBe('/v1/containers');
      expect(Object.fromEntries(next.searchParams)).toEqual({
        sort_key: 'id',
        sort_dir: 'asc',
        status: 'Running',
        all_projects: 'true',
        limit: '1',
        marker: rows[0].uuid,
      });
    });

    it('answers an unknown or foreign marker with 404 like Zun', async () => {
      const [foreign] = await insert(aRow({ project_id: 'p2' }));
      const unknown = randomUUID();
      await expect(list({ marker: unknown })).rejects.toMatchObject({
        status: 404,
        message: `Container ${unknown} could not be found.`,
      });
      await expect(list({ marker: 'not-a-uuid' })).rejects.toMatchObject({ status: 404 });
      await expect(list({ marker: foreign.uuid })).rejects.toMatchObject({ status: 404 });
    });

    it('still pages past a marker deleted since the previous page', async () => {
      const rows = await insert(aRow(), aRow({ deleted: true }), aRow());
      const page = await list({ marker: rows[1].uuid });
      expect(page.containers.map((c) => c.uuid)).toEqual([rows[2].uuid]);
    });

    it('refuses bad parameters with 400', async () => {
      for (const query of [{ limit: 'x' }, { sort_dir: 'sideways' }, { sort_key: 'state' }]) {
        await expect(list(query)).rejects.toMatchObject({ status: 400 });
      }
    });
  });
});
