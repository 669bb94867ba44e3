import fc from 'fast-check';
import { notAPositiveIntegerText, unknownName } from './arbitraries';
import { containerPath, query, type CaseSpec, type Family } from './case';

/** Every sort key any Berth list takes: a generated key must be none of them. */
const SORT_KEYS = [
  'id',
  'uuid',
  'name',
  'image',
  'status',
  'task_state',
  'host',
  'memory',
  'cpu',
  'created_at',
  'updated_at',
  'project_id',
  'user_id',
  'auto_remove',
  'hostname',
  'repo',
  'tag',
  'size',
];

/**
 * The query parameters of every list: limit (a positive integer), marker (an existing item),
 * sort_key (a whitelist), sort_dir (asc or desc), unknown parameters, and all_projects. Issue 12:
 * the images, hosts, services and every other list validate them as the containers list does.
 */
export const lists: Family = {
  name: 'lists',
  owner: 'schemas',
  build(t, gen) {
    const listRoutes: ReadonlyArray<{ name: string; path: string }> = [
      { name: 'containers', path: '/v1/containers' },
      { name: 'images', path: '/v1/images' },
      { name: 'hosts', path: '/v1/hosts' },
      { name: 'services', path: '/v1/services' },
      { name: 'availability zones', path: '/v1/availability_zones' },
      { name: 'volumes', path: '/v1/volumes' },
      { name: 'container actions', path: containerPath(t.running, 'container_actions') },
      { name: 'container events', path: containerPath(t.running, 'events') },
      { name: 'audit actions', path: '/v1/audit/actions' },
    ];
    const unknownUuid = '6f1e3c2a-1b2c-4d5e-8f90-0123456789ab';
    const bad: ReadonlyArray<[string, string]> = [
      ['limit=0', 'limit=0'],
      ['limit=-1', 'limit=-1'],
      ['limit=1.5', 'limit=1.5'],
      ['limit=1e3', 'limit=1e3'],
      ['limit=" 3"', 'limit=%203'],
      ['limit=abc', 'limit=abc'],
      ['limit=0x10', 'limit=0x10'],
      ['limit given twice', 'limit=1&limit=2'],
      ['sort_key=evil;drop', query([['sort_key', 'evil;drop']])],
      ['sort_key=password', 'sort_key=password'],
      ["sort_key=name'--", query([['sort_key', "name'--"]])],
      ['sort_dir=sideways', 'sort_dir=sideways'],
      ['sort_dir=ASC', 'sort_dir=ASC'],
      ['sort_dir given twice', 'sort_dir=asc&sort_dir=desc'],
      ['an unknown marker', `marker=${unknownUuid}`],
      ['a marker that is not a uuid', 'marker=not-a-uuid'],
      ['a marker with a quote', query([['marker', "x' OR '1'='1"]])],
      ['an unknown parameter', 'evil=1'],
      ['all_projects=maybe', 'all_projects=maybe'],
    ];
    const cases: CaseSpec[] = [];
    for (const route of listRoutes) {
      for (const [what, q] of bad) {
        cases.push({ name: `${route.name} ${what}`, method: 'GET', path: `${route.path}?${q}` });
      }
      for (const limit of gen.sample(`lists:${route.name}:limit`, notAPositiveIntegerText, 6)) {
        cases.push({
          name: `${route.name} generated limit=${JSON.stringify(limit)}`,
          method: 'GET',
          path: `${route.path}?${query([['limit', limit]])}`,
        });
      }
      for (const key of gen.sample(`lists:${route.name}:sort_key`, unknownName(SORT_KEYS), 3)) {
        cases.push({
          name: `${route.name} generated sort_key=${key}`,
          method: 'GET',
          path: `${route.path}?sort_key=${key}`,
        });
      }
      for (const marker of gen.sample(`lists:${route.name}:marker`, fc.uuid(), 2)) {
        cases.push({
          name: `${route.name} generated unknown marker ${marker}`,
          method: 'GET',
          path: `${route.path}?marker=${marker}`,
        });
      }
    }
    // The containers list's filters and the member's view of every project.
    cases.push(
      { name: 'containers memory=abc', method: 'GET', path: '/v1/containers?memory=abc' },
      { name: 'containers memory=-1', method: 'GET', path: '/v1/containers?memory=-1' },
      {
        name: 'containers auto_remove=perhaps',
        method: 'GET',
        path: '/v1/containers?auto_remove=perhaps',
      },
      {
        name: 'containers all_projects=True as a member',
        method: 'GET',
        path: '/v1/containers?all_projects=True',
        auth: 'member',
      },
      {
        name: 'images all_projects=True as a member',
        method: 'GET',
        path: '/v1/images?all_projects=True',
        auth: 'member',
      },
      {
        name: 'volumes all_projects=True as a member',
        method: 'GET',
        path: '/v1/volumes?all_projects=True',
        auth: 'member',
      },
      { name: 'hosts as a member', method: 'GET', path: '/v1/hosts', auth: 'member' },
      { name: 'services as a member', method: 'GET', path: '/v1/services', auth: 'member' },
      {
        name: 'audit of another project as a member',
        method: 'GET',
        path: `/v1/audit/actions?project_id=${t.adminProject}`,
        auth: 'member',
      },
      {
        name: "container actions of another project's container as a member",
        method: 'GET',
        path: containerPath(t.running, 'container_actions'),
        auth: 'member',
      },
      {
        name: "a marker from another project's containers as a member",
        method: 'GET',
        path: `/v1/containers?marker=${t.running.uuid}`,
        auth: 'member',
      },
    );
    return cases;
  },
};
