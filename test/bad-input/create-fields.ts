import fc from 'fast-check';
import {
  badContainerName,
  badImageReference,
  nonStringValues,
  notABoolean,
  notABooleanText,
  notAnArray,
  notAnInteger,
  notAnObject,
  notAString,
  notNumeric,
  unknownName,
} from './arbitraries';
import { bytes, json, shown, type CaseSpec, type Family, type Targets } from './case';

/** Every key of Zun's create schema at 1.40 (container_create_v140). */
export const CREATE_KEYS = [
  'name',
  'image',
  'command',
  'cpu',
  'cpu_policy',
  'memory',
  'workdir',
  'auto_remove',
  'image_pull_policy',
  'labels',
  'environment',
  'restart_policy',
  'interactive',
  'tty',
  'image_driver',
  'security_groups',
  'hints',
  'mounts',
  'nets',
  'runtime',
  'hostname',
  'disk',
  'availability_zone',
  'auto_heal',
  'privileged',
  'healthcheck',
  'exposed_ports',
  'registry',
  'host',
  'entrypoint',
] as const;

const commandLike = fc.oneof(
  fc.string({ maxLength: 12 }),
  notAnArray,
  fc.array(
    fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.string(), fc.integer()),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
);

const RESTART_NAMES = ['no', 'always', 'on-failure', 'unless-stopped'];

const outOfRange = (...values: number[]): fc.Arbitrary<unknown> => fc.constantFrom(...values);

/** Hostnames Zun's pattern `^[a-zA-Z0-9-._]*$` (1-255) refuses. */
const badHostname = fc.oneof(
  notAString,
  fc.stringMatching(/^[a-z]{1,6}[ !@#$%^&*()+=:;,?/]{1,2}[a-z]{0,6}$/),
  fc.constant(''),
  fc.constant('h'.repeat(256)),
);

/** Per field, values Zun's schema (or Berth's stricter check, noted) must refuse. */
const BAD_VALUES: Readonly<Record<(typeof CREATE_KEYS)[number], fc.Arbitrary<unknown>>> = {
  name: fc.oneof(notAString, badContainerName),
  image: fc.oneof(notAString, badImageReference),
  command: commandLike,
  entrypoint: commandLike,
  cpu: fc.oneof(notNumeric, outOfRange(-1, -0.5, 0, 1e6, 1e9, 1e300)),
  memory: fc.oneof(
    notNumeric.filter((v) => typeof v !== 'string' || !/^\s*\d+\s*[bkmgBKMG]?\s*$/.test(v)),
    outOfRange(-1, 0, 1, 3, 1.5, 2 ** 31, 1e12, 1e300),
  ),
  disk: fc.oneof(notNumeric, outOfRange(-1, 0, 1.5, 2 ** 31, 1e12, 1e300)),
  environment: fc.oneof(notAnObject, nonStringValues),
  workdir: notAString,
  labels: fc.oneof(notAnObject, nonStringValues),
  hostname: badHostname,
  image_pull_policy: fc.oneof(
    notAString,
    fc
      .string({ maxLength: 10 })
      .filter(
        (s) => !['never', 'always', 'ifnotpresent', 'Never', 'Always', 'IfNotPresent'].includes(s),
      ),
  ),
  image_driver: fc.oneof(
    notAString,
    fc.string({ maxLength: 10 }).filter((s) => s !== 'docker' && s !== 'None'),
  ),
  restart_policy: fc.oneof(
    notAnObject,
    fc.record({ Name: fc.string({ maxLength: 10 }).filter((s) => !RESTART_NAMES.includes(s)) }),
    fc.record({ Name: fc.constantFrom(...RESTART_NAMES), Extra: fc.integer() }),
    fc.record({
      Name: fc.constant('on-failure'),
      MaximumRetryCount: fc.oneof(fc.integer({ max: -1 }), fc.boolean(), fc.constant('x')),
    }),
  ),
  interactive: notABoolean,
  tty: notABoolean,
  auto_remove: notABoolean,
  auto_heal: notABoolean,
  privileged: notABoolean,
  security_groups: fc.oneof(
    notAnArray,
    fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(''), fc.constant('s'.repeat(256))), {
      minLength: 1,
      maxLength: 3,
    }),
  ),
  hints: fc.oneof(notAnObject, nonStringValues),
  nets: fc.oneof(
    notAnArray,
    fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean()), {
      minLength: 1,
      maxLength: 2,
    }),
    fc.array(fc.record({ network: fc.oneof(fc.integer(), fc.constant(''), fc.boolean()) }), {
      minLength: 1,
      maxLength: 1,
    }),
  ),
  mounts: fc.oneof(
    notAnArray,
    fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 2 }),
    fc
      .record({
        destination: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
        size: fc.constant(1),
      })
      .map((m) => [m]),
  ),
  exposed_ports: fc.oneof(
    notAnObject,
    fc
      .stringMatching(/^([a-z]{1,5}|-?[0-9]{6,7}|0|[0-9]{1,4}\/(sctp|icmp|x))$/)
      .map((key) => ({ [key]: {} })),
  ),
  healthcheck: fc.oneof(
    notAnObject,
    fc.record({ cmd: notAString }),
    fc.record({ cmd: fc.constant('true'), interval: notAnInteger }),
    fc.record({ cmd: fc.constant('true'), retries: notAnInteger }),
  ),
  availability_zone: fc.oneof(notAString, fc.constant(''), fc.constant('z'.repeat(256))),
  runtime: notAString,
  registry: fc.oneof(notAString, fc.constant('r')),
  host: badHostname,
  cpu_policy: fc.oneof(
    notAString,
    fc.string({ maxLength: 10 }).filter((s) => s !== 'shared' && s !== 'dedicated'),
  ),
};

const SAMPLES_PER_FIELD = 10;

/** POST /v1/containers bodies Zun's create schema refuses, hand-picked and generated. */
export const createFields: Family = {
  name: 'create-fields',
  owner: 'schemas',
  build(t, gen) {
    const base = { image: t.testImage };
    const create = (name: string, body: unknown, extra: Partial<CaseSpec> = {}): CaseSpec => ({
      name,
      method: 'POST',
      path: '/v1/containers',
      body: json(body),
      ...extra,
    });
    const withField = (field: string, value: unknown): CaseSpec =>
      create(`${field}: ${shown(value)}`, { ...base, [field]: value });

    const cases: CaseSpec[] = [
      // Issue 12's own list.
      withField('image', 'a'),
      withField('image', '!!!'),
      withField('cpu', true),
      withField('disk', true),
      create('string command at 1.40', { ...base, command: 'sleep 300' }),
      withField('restart_policy', []),
      withField('healthcheck', []),
      withField('security_groups', ['']),
      withField('host', 'no-such-host'),
      rawCreate(
        'extra key constructor',
        `{"image":${JSON.stringify(t.testImage)},"constructor":{}}`,
      ),
      rawCreate(
        'extra key __proto__',
        `{"image":${JSON.stringify(t.testImage)},"__proto__":{"privileged":true}}`,
        'intake',
      ),
      rawCreate(
        'extra key constructor.prototype',
        `{"image":${JSON.stringify(t.testImage)},"constructor":{"prototype":{"privileged":true}}}`,
        'intake',
      ),
      rawCreate('extra key toString', `{"image":${JSON.stringify(t.testImage)},"toString":"x"}`),
      rawCreate(
        'extra key hasOwnProperty',
        `{"image":${JSON.stringify(t.testImage)},"hasOwnProperty":1}`,
      ),
      rawCreate('extra key valueOf', `{"image":${JSON.stringify(t.testImage)},"valueOf":{}}`),
      rawCreate(
        '__proto__ inside labels',
        `{"image":${JSON.stringify(t.testImage)},"labels":{"__proto__":{"x":1}}}`,
        'intake',
      ),
      rawCreate(
        'cpu 1e999 (Infinity once parsed)',
        `{"image":${JSON.stringify(t.testImage)},"cpu":1e999}`,
      ),
      rawCreate('memory -0', `{"image":${JSON.stringify(t.testImage)},"memory":-0}`),

      // The image reference.
      ...[
        '',
        ' ',
        'x'.repeat(256),
        'Busybox',
        'UPPER/case',
        'busybox:',
        ':latest',
        'busybox::latest',
        'busybox:tag:tag',
        'busybox@sha256:xyz',
        'busybox@',
        '-busybox',
        'busybox/',
        '/busybox',
        'a//b',
        'a b',
        'busybox\n',
        'busybox\t',
        '../../etc/passwd',
        'busybox;rm -rf /',
        '$(reboot)',
        'busybox:' + 't'.repeat(129),
        'ünïcode',
        'a'.repeat(250) + '/' + 'b'.repeat(10),
      ].map((image) => withField('image', image)),
      ...[123, true, null, [], {}, [t.testImage]].map((image) => withField('image', image)),
      create('no image at all', { name: 'no-image' }),
      create('image only in a wrong-case key', { IMAGE: t.testImage }),

      // name
      ...['a', '-abc', '.abc', 'has space', 'n'.repeat(256), 'slash/name', 'ünï', 'semi;colon'].map(
        (name) => withField('name', name),
      ),
      ...[123, true, [], {}].map((name) => withField('name', name)),

      // cpu, memory, disk
      ...[
        false,
        'abc',
        -1,
        0,
        '0x10',
        '',
        ' 1',
        '1e3',
        '1 ',
        [],
        {},
        [2],
        1e9,
        'Infinity',
        'NaN',
      ].map((cpu) => withField('cpu', cpu)),
      ...[
        true,
        'abc',
        -1,
        '-1',
        '1.5',
        1.5,
        '0',
        0,
        2,
        '512x',
        [],
        {},
        [512],
        '99999999999999999999',
        1e15,
      ].map((memory) => withField('memory', memory)),
      ...[false, 'abc', -1, 0, 1.5, '1.5', [], {}, [1], 1e12, '10GB'].map((disk) =>
        withField('disk', disk),
      ),

      // command and entrypoint
      ...[[1, 2], [null], [['nested']], [{}], {}, true, 7].map((command) =>
        withField('command', command),
      ),
      ...['sh', [1], {}, true, [null]].map((entrypoint) => withField('entrypoint', entrypoint)),

      // maps of strings
      ...[[], 'A=B', 7, { A: 1 }, { A: null }, { A: {} }, { A: ['x'] }, { A: true }].map((env) =>
        withField('environment', env),
      ),
      ...[[], 'x', 7, { a: 1 }, { a: null }, { a: [] }].map((labels) =>
        withField('labels', labels),
      ),
      ...[[], 'x', { a: 1 }, { 'bad key!': 'x' }, { a: 'v'.repeat(300) }].map((hints) =>
        withField('hints', hints),
      ),

      // other scalars
      ...[1, true, [], {}].map((workdir) => withField('workdir', workdir)),
      ...['has space', 'semi;colon', 1, true, [], 'h'.repeat(256), 'x/y'].map((hostname) =>
        withField('hostname', hostname),
      ),
      ...['sometimes', 'ALWAYS', 1, true, []].map((policy) =>
        withField('image_pull_policy', policy),
      ),
      ...['glance', 'evil', 1, true, []].map((driver) => withField('image_driver', driver)),
      ...['maybe', 2, [], {}, '1', 'yes', 'on'].flatMap((value) =>
        ['interactive', 'tty', 'auto_heal'].map((field) => withField(field, value)),
      ),
      ...['true', 'maybe', 1, []].map((value) => withField('auto_remove', value)),
      ...[1, [], {}, true].map((runtime) => withField('runtime', runtime)),
      ...['', 1, 'z'.repeat(256), []].map((zone) => withField('availability_zone', zone)),
      ...['evil', 1, true, 'DEDICATED'].map((policy) => withField('cpu_policy', policy)),
      withField('cpu_policy', 'dedicated'),
      ...['r', 1, 'no-such-registry'].map((registry) => withField('registry', registry)),
      ...[1, '', 'bad host!', 'h'.repeat(256), true].map((host) => withField('host', host)),

      // restart_policy
      ...[
        'always',
        {},
        { Name: 'sometimes' },
        { Name: 1 },
        { Name: 'always', MaximumRetryCount: -1 },
        { Name: 'on-failure', MaximumRetryCount: 'x' },
        { Name: 'on-failure', MaximumRetryCount: 1.5 },
        { Name: 'always', MaximumRetryCount: 3 },
        { Name: 'always', Extra: 1 },
        { MaximumRetryCount: 3 },
      ].map((policy) => withField('restart_policy', policy)),
      create('auto_remove with a restart policy', {
        ...base,
        auto_remove: true,
        restart_policy: { Name: 'always' },
      }),

      // healthcheck
      ...[
        'x',
        { cmd: 1 },
        { cmd: '' },
        { cmd: 'true', interval: 'x' },
        { cmd: 'true', retries: -1 },
        { cmd: 'true', timeout: 1.5 },
        { cmd: 'true', extra: 1 },
        { interval: 5 },
      ].map((hc) => withField('healthcheck', hc)),

      // security groups, ports
      ...['default', [1], [null], {}, ['s'.repeat(256)]].map((sg) =>
        withField('security_groups', sg),
      ),
      create('security_groups together with exposed_ports', {
        ...base,
        security_groups: ['default'],
        exposed_ports: { '80/tcp': {} },
      }),
      ...[
        [],
        '80',
        { '80/sctp': {} },
        { abc: {} },
        { '0/tcp': {} },
        { '65536/tcp': {} },
        { '-1': {} },
        { '80/tcp/x': {} },
      ].map((ports) => withField('exposed_ports', ports)),

      // nets
      ...[
        {},
        'net',
        [1],
        [{}],
        [{ network: '' }],
        [{ network: 1 }],
        [{ network: 'corpus-a', extra: 1 }],
        [{ port: 'p' }],
        [{ network: 'bridge' }],
        [{ network: 'host' }],
        [{ network: 'n'.repeat(256) }],
        [{ network: 'corpus-a' }, { network: 'corpus-a' }],
        [{ network: 'corpus-a', 'v4-fixed-ip': '999.1.1.1' }],
        [{ network: 'corpus-a', 'v6-fixed-ip': 'zz::1' }],
        [{ network: 'bad name!' }],
      ].map((nets) => withField('nets', nets)),

      // mounts
      ...[
        {},
        'x',
        [1],
        [{}],
        [{ destination: 'relative', size: 1 }],
        [{ destination: '/', size: 1 }],
        [{ destination: '/d', size: 'abc' }],
        [{ destination: '/d', size: -1 }],
        [{ destination: '/d', size: 0 }],
        [{ source: 'data', destination: '/a/../b' }],
        [{ type: 'tmpfs', destination: '/d', size: 1 }],
        [{ destination: '/d' }],
        [{ source: 'data', destination: '/d', extra: 1 }],
        [{ source: 'bad name!', destination: '/d' }],
        [{ type: 'bind', source: '!!!not base64', destination: '/etc/x' }],
        [{ type: 'bind', source: '/etc/passwd', destination: '/etc/x' }],
        [
          { source: 'data', destination: '/d' },
          { source: 'data2', destination: '/d' },
        ],
        Array.from({ length: 33 }, (_, i) => ({ destination: `/m${i}`, size: 1 })),
      ].map((mounts) => withField('mounts', mounts)),

      // Bodies that are not a create object at all.
      ...[[], [base], 'image', 1, true, null].map((body) => create(`body ${shown(body)}`, body)),

      // The create's own query parameters.
      ...['maybe', '2', 'TRUEE', 'yes please'].map((run) =>
        create(`run=${run}`, base, { path: `/v1/containers?run=${encodeURIComponent(run)}` }),
      ),
      create('unknown query parameter', base, { path: '/v1/containers?evil=1' }),
      create('run given twice', base, { path: '/v1/containers?run=true&run=false' }),
    ];

    // Generated: one wrong value in an otherwise valid body, SAMPLES_PER_FIELD per field.
    for (const field of CREATE_KEYS) {
      for (const value of gen.sample(`create:${field}`, BAD_VALUES[field], SAMPLES_PER_FIELD)) {
        cases.push({ ...withField(field, value), name: `generated ${field}: ${shown(value)}` });
      }
    }
    // Generated: a key Zun's schema does not have.
    for (const key of gen.sample('create:unknown-key', unknownName(CREATE_KEYS), 30)) {
      cases.push(create(`generated unknown key ${key}`, { ...base, [key]: 'x' }));
    }
    // Generated: ?run= values no boolean reading takes.
    for (const run of gen.sample('create:run', notABooleanText, 10)) {
      cases.push(
        create(`generated run=${shown(run)}`, base, {
          path: `/v1/containers?run=${encodeURIComponent(run)}`,
        }),
      );
    }
    cases.push(...versionGated(t));
    return cases;

    function rawCreate(name: string, text: string, owner?: CaseSpec['owner']): CaseSpec {
      return {
        name,
        method: 'POST',
        path: '/v1/containers',
        headers: { 'content-type': 'application/json' },
        body: bytes(text),
        ...(owner === undefined ? {} : { owner }),
      };
    }
  },
};

/** Fields newer (or older) than the request's microversion: Zun's schema of that version refuses. */
function versionGated(t: Targets): CaseSpec[] {
  const at = (version: string, name: string, body: object): CaseSpec => ({
    name: `${name} at ${version}`,
    method: 'POST',
    path: '/v1/containers',
    version: `container ${version}`,
    body: json({ image: t.testImage, ...body }),
  });
  return [
    at('1.38', 'host (from 1.39)', { host: t.hostname }),
    at('1.39', 'entrypoint (from 1.40)', { entrypoint: ['sh'] }),
    at('1.10', 'mounts (from 1.11)', { mounts: [{ destination: '/d', size: 1 }] }),
    at('1.30', 'registry (from 1.31)', { registry: 'corpus-reg' }),
    at('1.4', 'runtime (from 1.5)', { runtime: 'runc' }),
    at('1.19', 'command as a list (a string before 1.20)', { command: ['sleep', '1'] }),
    at('1.20', 'command as a string (a list from 1.20)', { command: 'sleep 1' }),
    at('1.1', 'command as a list', { command: ['true'] }),
    at('1.35', 'tty given as a string', { tty: 'maybe' }),
  ];
}
