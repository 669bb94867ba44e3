import { MicroVersion } from '../../microversion';
import { schedulerHintsOf, toContainerSpec } from './container-spec.mapper';

/** What `run` threw, to compare its fields; a test fails if it threw nothing. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

const commandAt = (command: string | string[], version: MicroVersion): string[] | null =>
  toContainerSpec({ image: 'busybox', command }, version).command;

describe('the command of a create', () => {
  const legacy = MicroVersion.of(1, 19);

  it('splits a string command before 1.20 as shlex does, quotes of either kind included', () => {
    expect(commandAt("echo 'single q'", legacy)).toEqual(['echo', 'single q']);
    expect(commandAt(`sh -c 'echo "hello old"; sleep 100'`, legacy)).toEqual([
      'sh',
      '-c',
      'echo "hello old"; sleep 100',
    ]);
    expect(commandAt('"sh" "-c" "echo hi"', legacy)).toEqual(['sh', '-c', 'echo hi']);
  });

  it('takes a list as it is from 1.20 on', () => {
    expect(commandAt(['echo', "'quoted'"], MicroVersion.of(1, 40))).toEqual(['echo', "'quoted'"]);
  });

  it('refuses a string whose quotes do not close', () => {
    expect(() => commandAt("echo 'open", legacy)).toThrow('no closing quotation');
  });
});

describe('the registry of a create', () => {
  const specAt = (registry: string | undefined, version: MicroVersion) =>
    toContainerSpec({ image: 'busybox', registry }, version);

  it('is none when not given, or given empty as the CLI may send it', () => {
    expect(specAt(undefined, MicroVersion.of(1, 40)).registry_id).toBeNull();
    expect(specAt('', MicroVersion.of(1, 40)).registry_id).toBeNull();
  });

  it('is refused as not found, since Berth keeps no registries to resolve it to', () => {
    expect(thrownBy(() => specAt('private', MicroVersion.of(1, 40)))).toMatchObject({
      status: 404,
      message: 'Registry private could not be found.',
    });
  });

  it('is refused before 1.31, as Zun refuses a parameter its version does not have', () => {
    expect(thrownBy(() => specAt('private', MicroVersion.of(1, 30)))).toMatchObject({
      status: 400,
      message: expect.stringContaining('from version 1.31'),
    });
  });
});

describe('the cpu policy of a create', () => {
  it('takes shared, and refuses dedicated since no Berth host pins CPUs', () => {
    const at = MicroVersion.of(1, 40);
    expect(toContainerSpec({ image: 'busybox', cpu_policy: 'shared' }, at).image).toBe('busybox');
    expect(
      thrownBy(() => toContainerSpec({ image: 'busybox', cpu_policy: 'dedicated' }, at)),
    ).toMatchObject({ status: 400, message: expect.stringContaining('CPU pinning') });
  });
});

describe('the fields a create may have at its microversion', () => {
  const create = (body: object, version: MicroVersion) =>
    toContainerSpec({ image: 'busybox', ...body }, version);

  it('refuses host before 1.39 and entrypoint before 1.40, as fields Zun’s schema lacks', () => {
    expect(
      thrownBy(() => create({ host: 'h1', entrypoint: ['sh'] }, MicroVersion.of(1, 38))),
    ).toMatchObject({
      status: 400,
      message: "Additional properties are not allowed ('host', 'entrypoint' were unexpected).",
    });
    expect(create({ host: 'h1' }, MicroVersion.of(1, 39)).image).toBe('busybox');
    expect(create({ entrypoint: ['sh'] }, MicroVersion.of(1, 40)).entrypoint).toEqual(['sh']);
  });

  it('refuses runtime before 1.5 with Zun’s InvalidParamInVersion', () => {
    expect(thrownBy(() => create({ runtime: 'runc' }, MicroVersion.of(1, 4)))).toMatchObject({
      status: 400,
      message: expect.stringContaining('runtime is only supported from version 1.5') as unknown,
    });
  });
});

describe('the scheduler hints of a create', () => {
  it('keeps string hints', () => {
    expect(schedulerHintsOf({ 'label:zone': 'a' })).toEqual({ 'label:zone': 'a' });
    expect(schedulerHintsOf(undefined)).toEqual({});
  });

  it.each([5, true, null, { a: 1 }])(
    'refuses a hint whose value is %p, which would otherwise be skipped',
    (value) => {
      expect(thrownBy(() => schedulerHintsOf({ 'label:foo': value }))).toMatchObject({
        status: 400,
      });
    },
  );

  it('refuses a key Zun’s pattern does not allow', () => {
    expect(thrownBy(() => schedulerHintsOf({ 'bad/key': 'x' }))).toMatchObject({ status: 400 });
  });
});
