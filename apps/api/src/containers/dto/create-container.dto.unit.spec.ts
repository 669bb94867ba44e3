import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import { MicroVersion } from '../../microversion';
import { toContainerSpec } from './container-spec.mapper';
import { CreateContainerDto } from './create-container.dto';

type Raw = Record<string, unknown>;
const IMAGE = '127.0.0.1:5000/berth-test/busybox:latest';
const LATEST = MicroVersion.of(1, 40);

const parsed = (raw: Raw) => throughPipe(CreateContainerDto, { image: IMAGE, ...raw }, 'body');
const refusal = (raw: Raw) => refusalOf(CreateContainerDto, { image: IMAGE, ...raw }, 'body');
const specOf = async (raw: Raw, version = LATEST) => toContainerSpec(await parsed(raw), version);

/** What the mapper threw, to compare its fields; a test fails if it threw nothing. */
async function thrownBy(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('the create body', () => {
  it('takes what the zun CLI sends at 1.40', async () => {
    const spec = await specOf({
      name: 'web',
      command: ['sleep', '300'],
      cpu: '0.5',
      memory: '128',
      environment: {},
      labels: {},
      hints: {},
      nets: [],
      mounts: [],
      auto_remove: false,
      interactive: true,
    });
    expect(spec).toMatchObject({
      image: IMAGE,
      command: ['sleep', '300'],
      cpu: 0.5,
      memory: 128,
      interactive: true,
      auto_remove: false,
    });
  });

  it('reads cpu, memory and disk given as numbers or as strings of one', async () => {
    expect(await specOf({ cpu: 2, memory: 512, disk: 10 })).toMatchObject({
      cpu: 2,
      memory: 512,
      disk: 10,
    });
    expect(await specOf({ cpu: '.5', memory: '6', disk: '1' })).toMatchObject({
      cpu: 0.5,
      memory: 6,
      disk: 1,
    });
  });

  it("takes Zun's boolean strings for interactive, tty, auto_heal and privileged", async () => {
    expect(await parsed({ interactive: 'True', tty: 'false', auto_heal: 'true' })).toMatchObject({
      interactive: true,
      tty: false,
      auto_heal: true,
    });
  });

  it("normalises Zun's capitalised pull policies and takes None as the default driver", async () => {
    expect(await parsed({ image_pull_policy: 'IfNotPresent', image_driver: 'None' })).toMatchObject(
      { image_pull_policy: 'ifnotpresent', image_driver: undefined },
    );
  });

  it('reads null as not given wherever Zun allows null', async () => {
    const spec = await specOf({ cpu: null, memory: null, name: null, restart_policy: null });
    expect(spec).toMatchObject({ cpu: null, memory: null, restart_policy: { Name: 'no' } });
  });

  it('keeps a restart policy whose retry count is a number or a string of digits', async () => {
    expect(
      (await specOf({ restart_policy: { Name: 'on-failure', MaximumRetryCount: 3 } }))
        .restart_policy,
    ).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(
      (await specOf({ restart_policy: { Name: 'on-failure', MaximumRetryCount: '5' } }))
        .restart_policy,
    ).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
  });

  it('takes a host name of dotted labels, as Docker does', async () => {
    expect((await specOf({ hostname: 'web.example.com' })).hostname).toBe('web.example.com');
  });

  it('writes exposed ports as port/protocol', async () => {
    expect((await specOf({ exposed_ports: { '80': {}, '53/udp': {} } })).exposed_ports).toEqual({
      '80/tcp': {},
      '53/udp': {},
    });
  });

  it.each<[string, Raw, string]>([
    ['no image', { image: undefined }, 'image: it is required'],
    ['a one-letter image', { image: 'a' }, 'image: expected 2 to 255 characters, got 1'],
    ['an image of punctuation', { image: '!!!' }, "'!!!' is not an image reference"],
    ['an upper-case image', { image: 'BusyBox' }, 'is not an image reference'],
    ['an image with a blank', { image: 'busy box' }, 'is not an image reference'],
    ['an image with a bad digest', { image: 'busybox@sha256:1' }, 'is not an image reference'],
    [
      'an image of 256 characters',
      { image: `r.io/${'a'.repeat(251)}` },
      'image: expected 2 to 255',
    ],
    ['an image that is a number', { image: 5 }, 'image: expected a string, got 5'],
    ['cpu: true', { cpu: true }, 'cpu: expected a number such as 0.5 or "0.5", got true'],
    ['cpu in exponent form', { cpu: '1e3' }, 'field/attribute cpu'],
    ['a negative cpu string', { cpu: '-1' }, 'field/attribute cpu'],
    ['an empty cpu', { cpu: '' }, 'field/attribute cpu'],
    ['cpu as a list', { cpu: [1] }, 'field/attribute cpu'],
    ['disk: true', { disk: true }, 'disk: expected a whole number such as 512 or "512", got true'],
    ['a fractional disk', { disk: 1.5 }, 'field/attribute disk'],
    [
      'memory with a unit',
      { memory: '512m' },
      'memory: expected a whole number such as 512 or "512", got \'512m\'',
    ],
    ['memory with a blank', { memory: ' 512' }, 'field/attribute memory'],
    ['a negative memory', { memory: -5 }, 'field/attribute memory'],
    ['a one-letter name', { name: 'a' }, 'name: expected 2 to 255 characters'],
    ['a name with a slash', { name: 'a/b' }, 'name: expected a name'],
    ['a name that is a number', { name: 12 }, 'name: expected a string'],
    ['restart_policy: []', { restart_policy: [] }, 'restart_policy: expected an object, got []'],
    [
      'a restart policy without Name',
      { restart_policy: {} },
      'restart_policy: Name: expected one of',
    ],
    [
      'an unknown restart policy',
      { restart_policy: { Name: 'sometimes' } },
      'Name: expected one of',
    ],
    [
      'a restart policy with more keys',
      { restart_policy: { Name: 'no', Delay: 1 } },
      "unknown key 'Delay'",
    ],
    [
      'a retry count: true',
      { restart_policy: { Name: 'on-failure', MaximumRetryCount: true } },
      'MaximumRetryCount: expected a whole number',
    ],
    [
      'a negative retry count',
      { restart_policy: { Name: 'on-failure', MaximumRetryCount: -1 } },
      'MaximumRetryCount',
    ],
    ['healthcheck: []', { healthcheck: [] }, 'healthcheck: expected an object, got []'],
    [
      'a healthcheck without cmd',
      { healthcheck: { interval: 1 } },
      'healthcheck: cmd: it is required',
    ],
    [
      'a healthcheck interval in a string',
      { healthcheck: { cmd: 'true', interval: '5' } },
      'interval: expected a whole number',
    ],
    [
      'a healthcheck with more keys',
      { healthcheck: { cmd: 'true', start: 1 } },
      "unknown key 'start'",
    ],
    [
      'security_groups: [""]',
      { security_groups: [''] },
      'security_groups: item 0: expected 1 to 255 characters, got 0',
    ],
    [
      'a security group of 256 characters',
      { security_groups: ['s'.repeat(256)] },
      'item 0: expected 1 to 255',
    ],
    [
      'security groups as a string',
      { security_groups: 'default' },
      'security_groups: expected a list of strings',
    ],
    [
      'an environment list',
      { environment: ['A=1'] },
      'environment: expected an object, got a list',
    ],
    [
      'an environment value that is a number',
      { environment: { A: 1 } },
      "environment: the value of 'A': expected a string",
    ],
    ['an environment name with =', { environment: { 'A=B': 'x' } }, "environment: key 'A=B'"],
    ['an empty environment name', { environment: { '': 'x' } }, "environment: key ''"],
    ['a label value that is a boolean', { labels: { a: true } }, "labels: the value of 'a'"],
    ['a hint key with a slash', { hints: { 'bad/key': 'x' } }, "hints: key 'bad/key'"],
    [
      'a hint value that is a number',
      { hints: { 'label:zone': 5 } },
      "hints: the value of 'label:zone'",
    ],
    ['nets of strings', { nets: ['app'] }, 'nets: expected a list of objects'],
    [
      'mounts as an object',
      { mounts: { destination: '/d' } },
      'mounts: expected a list of objects',
    ],
    [
      'auto_remove as a string',
      { auto_remove: 'true' },
      'auto_remove: expected true or false, got a string',
    ],
    ['interactive as a number', { interactive: 1 }, 'interactive: expected true or false, got 1'],
    ['tty as yes', { tty: 'yes' }, "tty: expected true or false, got 'yes'"],
    ['a relative workdir', { workdir: 'app' }, "workdir: expected an absolute path, got 'app'"],
    ['a hostname with an underscore', { hostname: 'a_b' }, 'field/attribute hostname'],
    ['a hostname of 64 characters', { hostname: 'h'.repeat(64) }, 'field/attribute hostname'],
    ['a hostname ending in a dot', { hostname: 'web.' }, 'field/attribute hostname'],
    [
      'an unknown pull policy',
      { image_pull_policy: 'sometimes' },
      'image_pull_policy: expected one of',
    ],
    ['the glance image driver', { image_driver: 'glance' }, 'image_driver: expected docker'],
    ['a cpu policy of null', { cpu_policy: null }, 'cpu_policy: expected shared or dedicated'],
    ['a host that is no host name', { host: 'a b' }, 'host: expected a host name'],
    ['an empty registry', { registry: '' }, 'registry: expected 2 to 255 characters'],
    [
      'an empty availability zone',
      { availability_zone: '' },
      'availability_zone: expected 1 to 255',
    ],
    [
      'an exposed port of 0',
      { exposed_ports: { '0': {} } },
      "value '0' is invalid as publish port",
    ],
    [
      'an exposed port over sctp',
      { exposed_ports: { '80/sctp': {} } },
      "value 'sctp' is an invalid protocol",
    ],
    [
      'an exposed port with a value',
      { exposed_ports: { '80': { HostPort: '1' } } },
      "the value of '80': expected {}",
    ],
    ['a command of numbers', { command: [1, 2] }, 'command: expected a list of strings'],
    ['an entrypoint string', { entrypoint: 'sh' }, 'entrypoint: expected a list of strings'],
    [
      'an unknown key',
      { memroy: '512' },
      "Additional properties are not allowed ('memroy' was unexpected).",
    ],
    [
      'a key named constructor',
      { constructor: 'x' },
      "Additional properties are not allowed ('constructor' was unexpected).",
    ],
  ])('refuses %s with a 400 that names the field', async (_why, raw, message) => {
    expect(await refusal(raw)).toContain(message);
  });

  it('names every offending field at once', async () => {
    const message = await refusal({ cpu: true, disk: true });
    expect(message).toContain('field/attribute cpu');
    expect(message).toContain('field/attribute disk');
  });

  it('refuses a __proto__ key as unknown rather than letting it replace the prototype', async () => {
    const raw = JSON.parse(`{"image": "${IMAGE}", "__proto__": {"cpu": 1}}`) as Raw;
    expect(await refusalOf(CreateContainerDto, raw, 'body')).toBe(
      "Additional properties are not allowed ('__proto__' was unexpected).",
    );
  });
});

describe('the create body at its microversion', () => {
  it('splits a string command before 1.20 as shlex does, quotes of either kind included', async () => {
    const legacy = MicroVersion.of(1, 19);
    expect((await specOf({ command: "echo 'single q'" }, legacy)).command).toEqual([
      'echo',
      'single q',
    ]);
    expect((await specOf({ command: '"sh" "-c" "echo hi"' }, legacy)).command).toEqual([
      'sh',
      '-c',
      'echo hi',
    ]);
    expect(await thrownBy(() => specOf({ command: "echo 'open" }, legacy))).toMatchObject({
      status: 400,
      message: expect.stringContaining('no closing quotation'),
    });
  });

  it('takes a list as it is from 1.20 on, and refuses a string there', async () => {
    expect((await specOf({ command: ['echo', "'quoted'"] })).command).toEqual(['echo', "'quoted'"]);
    expect(await thrownBy(() => specOf({ command: 'sleep 300' }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('at version 1.40 it is a list of strings'),
    });
  });

  it('refuses a list before 1.20, as the legacy schema takes one string', async () => {
    expect(
      await thrownBy(() => specOf({ command: ['sleep', '1'] }, MicroVersion.of(1, 19))),
    ).toMatchObject({ status: 400, message: expect.stringContaining('one string') });
  });

  it('refuses host before 1.39 and entrypoint before 1.40, as fields Zun’s schema lacks', async () => {
    expect(
      await thrownBy(() => specOf({ host: 'h1', entrypoint: ['sh'] }, MicroVersion.of(1, 38))),
    ).toMatchObject({
      status: 400,
      message: "Additional properties are not allowed ('host', 'entrypoint' were unexpected).",
    });
    expect((await specOf({ host: 'h1' }, MicroVersion.of(1, 39))).image).toBe(IMAGE);
    expect((await specOf({ entrypoint: ['sh'] })).entrypoint).toEqual(['sh']);
  });

  it.each<[string, Raw, string]>([
    ['auto_remove', { auto_remove: false }, '1.3'],
    ['runtime', { runtime: 'runc' }, '1.5'],
    ['hostname', { hostname: 'web' }, '1.9'],
    ['privileged', { privileged: false }, '1.21'],
    ['healthcheck', { healthcheck: { cmd: 'true' } }, '1.22'],
    ['exposed_ports', { exposed_ports: { '80': {} } }, '1.24'],
  ])('refuses %s before %s with Zun’s InvalidParamInVersion', async (field, raw, since) => {
    const [major, minor] = since.split('.').map(Number);
    const before = MicroVersion.of(major, minor - 1);
    expect(await thrownBy(() => specOf(raw, before))).toMatchObject({
      status: 400,
      message: expect.stringContaining(`${field} is only supported from version ${since}`),
    });
    await expect(specOf(raw, MicroVersion.of(major, minor))).resolves.toBeDefined();
  });

  it('refuses security_groups and exposed_ports together, as Zun’s schema does', async () => {
    expect(
      await thrownBy(() => specOf({ security_groups: ['default'], exposed_ports: { '80': {} } })),
    ).toMatchObject({ status: 400 });
  });
});

describe('the resources of a create', () => {
  it.each<[string, Raw, string]>([
    ['a cpu below 0.1', { cpu: 0.05 }, 'cpu: expected 0.1 to 16 CPUs, got 0.05'],
    ['a cpu above 16', { cpu: '17' }, 'cpu: expected 0.1 to 16 CPUs'],
    ['memory below Docker’s 6 MiB', { memory: 5 }, 'memory: expected 6 to 8192 MiB'],
    ['memory above 8 GiB', { memory: '8193' }, 'memory: expected 6 to 8192 MiB'],
    ['a disk of 0', { disk: 0 }, 'disk: expected 1 to 160 GiB'],
    ['a disk above 160 GiB', { disk: '99999999999999' }, 'disk: expected 1 to 160 GiB'],
  ])('refuses %s, outside the configured range', async (_why, raw, message) => {
    expect(await thrownBy(() => specOf(raw))).toMatchObject({
      status: 400,
      message: expect.stringContaining(message),
    });
  });

  it('takes the operator’s larger maxima', async () => {
    const bounds = {
      cpu: { min: 0.1, max: 64 },
      memory: { min: 6, max: 65536 },
      disk: { min: 1, max: 1000 },
    };
    const spec = toContainerSpec(
      await parsed({ cpu: 32, memory: 32768, disk: 500 }),
      LATEST,
      bounds,
    );
    expect(spec).toMatchObject({ cpu: 32, memory: 32768, disk: 500 });
  });
});

describe('the registry and cpu policy of a create', () => {
  it('refuses a registry as not found, since Berth keeps no registries to resolve it to', async () => {
    expect(await thrownBy(() => specOf({ registry: 'private' }))).toMatchObject({
      status: 404,
      message: 'Registry private could not be found.',
    });
    expect(
      await thrownBy(() => specOf({ registry: 'private' }, MicroVersion.of(1, 30))),
    ).toMatchObject({ status: 400, message: expect.stringContaining('from version 1.31') });
  });

  it('takes shared, and refuses dedicated since no Berth host pins CPUs', async () => {
    expect((await specOf({ cpu_policy: 'shared' })).image).toBe(IMAGE);
    expect(await thrownBy(() => specOf({ cpu_policy: 'dedicated' }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('CPU pinning'),
    });
  });
});
