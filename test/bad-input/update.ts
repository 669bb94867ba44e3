import fc from 'fast-check';
import { badContainerName, notABoolean, notAString, notNumeric, unknownName } from './arbitraries';
import { bytes, containerPath, json, shown, type CaseSpec, type Family } from './case';

const UPDATE_KEYS = ['cpu', 'memory', 'name', 'auto_heal'] as const;

const BAD_VALUES: Readonly<Record<(typeof UPDATE_KEYS)[number], fc.Arbitrary<unknown>>> = {
  cpu: fc.oneof(notNumeric, fc.constantFrom(-1, 0, 1e6, 1e300)),
  memory: fc.oneof(
    notNumeric.filter((v) => typeof v !== 'string' || !/^\s*\d+\s*[bkmgBKMG]?\s*$/.test(v)),
    fc.constantFrom(-1, 0, 1.5, 2 ** 31, 1e12),
  ),
  name: fc.oneof(notAString, badContainerName),
  auto_heal: notABoolean,
};

/** PATCH /v1/containers/{stopped}: Zun's container_update schema, hand-picked and generated. */
export const update: Family = {
  name: 'update',
  owner: 'schemas',
  build(t, gen) {
    const patch = (name: string, body: unknown, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name,
      method: 'PATCH',
      path: containerPath(t.stopped),
      body: json(body),
      ...extra,
    });
    const raw = (name: string, text: string, owner?: CaseSpec['owner']): CaseSpec => ({
      name,
      method: 'PATCH',
      path: containerPath(t.stopped),
      headers: { 'content-type': 'application/json' },
      body: bytes(text),
      ...(owner === undefined ? {} : { owner }),
    });
    const cases: CaseSpec[] = [
      patch('empty body {}', {}),
      ...[true, false, 'abc', -1, 0, [], {}, [1], '1e3', ' 1'].map((cpu) =>
        patch(`cpu: ${shown(cpu)}`, { cpu }),
      ),
      ...[true, '-1', 'abc', 1.5, 2, [], {}, [256], '99999999999999999999'].map((memory) =>
        patch(`memory: ${shown(memory)}`, { memory }),
      ),
      ...['a', '-x', 'has space', 'n'.repeat(256), 1, true, []].map((name) =>
        patch(`name: ${shown(name)}`, { name }),
      ),
      ...['maybe', 1, [], {}, null, 'yes'].map((autoHeal) =>
        patch(`auto_heal: ${shown(autoHeal)}`, { auto_heal: autoHeal }),
      ),
      ...['image', 'status', 'host', 'command', 'uuid', 'project_id', 'privileged', 'disk'].map(
        (key) => patch(`a key update does not take: ${key}`, { [key]: 'x', auto_heal: false }),
      ),
      raw('extra key __proto__', '{"auto_heal":false,"__proto__":{"cpu":64}}', 'intake'),
      raw('extra key constructor', '{"auto_heal":false,"constructor":{"name":"x"}}', 'intake'),
      ...[[], [{ auto_heal: true }], 'x', 1, true, null].map((body) =>
        patch(`body ${shown(body)}`, body),
      ),
      patch(
        'an unknown container',
        { auto_heal: false },
        { path: '/v1/containers/no-such-container' },
      ),
      patch(
        "another project's container, as its member",
        { auto_heal: false },
        {
          path: containerPath(t.stopped),
          auth: 'member',
          owner: 'policy',
        },
      ),
      patch(
        "by a reader of its project's container",
        { auto_heal: false },
        {
          path: containerPath(t.memberContainer),
          auth: 'reader',
          owner: 'policy',
        },
      ),
    ];
    for (const key of UPDATE_KEYS) {
      for (const value of gen.sample(`update:${key}`, BAD_VALUES[key], 12)) {
        cases.push(patch(`generated ${key}: ${shown(value)}`, { [key]: value }));
      }
    }
    for (const key of gen.sample('update:unknown-key', unknownName(UPDATE_KEYS), 20)) {
      cases.push(patch(`generated unknown key ${key}`, { [key]: 1, auto_heal: false }));
    }
    // A resize wrongly accepted leaves the container busy (409 to the next) until compute
    // answers: one at a time, so each case is judged on its own input.
    return cases.map((c) => ({ ...c, destructive: true }));
  },
};
