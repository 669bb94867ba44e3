import { MicroVersion } from '../../microversion';
import { BadRequest } from '../../errors';
import { MAX_MOUNTS, toMounts } from './mounts.mapper';

const V = MicroVersion.parse('1.40');

function refusal(raw: unknown, version = V): string {
  try {
    toMounts(raw, version);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequest);
    return (error as BadRequest).message;
  }
  throw new Error('expected a 400');
}

describe('toMounts, Zun mounts checked and resolved at create', () => {
  it('reads a volume with a source as the project named volume', () => {
    expect(toMounts([{ source: 'data', destination: '/data' }], V)).toEqual([
      { kind: 'named', name: 'data', destination: '/data', size: null },
    ]);
  });

  it('reads a volume with only a size as a volume of the container, size as the CLI string', () => {
    expect(toMounts([{ size: '1', destination: '/scratch', type: 'volume' }], V)).toEqual([
      { kind: 'anonymous', destination: '/scratch', size: 1 },
    ]);
  });

  it('reads a bind as a file whose contents are the source, base64 as the zun CLI sends it', () => {
    const source = Buffer.from('hello\n').toString('base64');
    expect(toMounts([{ type: 'bind', source, destination: '/etc/x' }], V)).toEqual([
      { kind: 'file', destination: '/etc/x', content_base64: source },
    ]);
  });

  it('treats absent, null and empty mounts as none', () => {
    expect(toMounts(undefined, V)).toEqual([]);
    expect(toMounts(null, V)).toEqual([]);
    expect(toMounts([], V)).toEqual([]);
  });

  it('keeps a destination in one form, without a trailing or doubled slash', () => {
    expect(toMounts([{ source: 'a', destination: '/srv//data/' }], V)[0].destination).toBe(
      '/srv/data',
    );
  });

  it('refuses mounts before microversion 1.11 as Zun does', () => {
    expect(refusal([{ source: 'a', destination: '/a' }], MicroVersion.parse('1.10'))).toMatch(
      /only supported from version 1.11/,
    );
  });

  it('refuses a relative destination', () => {
    expect(refusal([{ source: 'a', destination: 'data' }])).toMatch(/must be an absolute path/);
  });

  it('refuses a destination with .. parts and the root itself', () => {
    expect(refusal([{ source: 'a', destination: '/data/../etc' }])).toMatch(/\.\. parts/);
    expect(refusal([{ source: 'a', destination: '/' }])).toMatch(/root directory/);
  });

  it('refuses a missing destination', () => {
    expect(refusal([{ source: 'a' }])).toMatch(/needs a destination/);
  });

  it('refuses two mounts at one destination, also when written differently', () => {
    expect(
      refusal([
        { source: 'a', destination: '/data' },
        { size: 1, destination: '/data/' },
      ]),
    ).toMatch(/Destination \/data is mounted twice/);
  });

  it('refuses a type other than volume or bind', () => {
    expect(refusal([{ type: 'tmpfs', destination: '/t', size: 1 }])).toMatch(
      /type tmpfs is not supported; use volume or bind/,
    );
  });

  it.each([['0'], [0], [-1], ['1.5'], [2.5], ['big'], [true]])(
    'refuses the size %p, which is not a positive integer',
    (size) => {
      expect(refusal([{ size, destination: '/s' }])).toMatch(/must be a positive integer/);
    },
  );

  it('refuses a volume with neither source nor size', () => {
    expect(refusal([{ destination: '/v' }])).toMatch(/needs a source .* or a size/);
  });

  it('refuses a volume name outside the name format', () => {
    expect(refusal([{ source: '../etc', destination: '/v' }])).toMatch(/Volume name ..\/etc/);
    expect(refusal([{ source: 'a'.repeat(64), destination: '/v' }])).toMatch(/is invalid/);
  });

  it('refuses a bind without contents, or with a size', () => {
    expect(refusal([{ type: 'bind', destination: '/f' }])).toMatch(/contents of the file/);
    expect(refusal([{ type: 'bind', source: 'eA==', size: 1, destination: '/f' }])).toMatch(
      /takes no size/,
    );
  });

  it('refuses a bind source that is not base64', () => {
    for (const source of ['hello world', 'abc', 'a=b=']) {
      expect(refusal([{ type: 'bind', source, destination: '/f' }])).toMatch(
        /base64-encoded contents of the file at \/f/,
      );
    }
  });

  it('refuses contents over 64 KiB, pointing at a volume instead', () => {
    const big = Buffer.alloc(64 * 1024 + 1, 'x').toString('base64');
    expect(refusal([{ type: 'bind', source: big, destination: '/f' }])).toMatch(/use a volume/);
  });

  it('refuses unknown keys and items that are not objects', () => {
    expect(refusal([{ source: 'a', destination: '/a', mode: 'ro' }])).toMatch(/Unknown key mode/);
    expect(refusal(['data:/data'])).toMatch(/must be an object/);
    expect(refusal({ source: 'a' })).toMatch(/must be a list/);
  });

  it('refuses more mounts than a container can sensibly take', () => {
    const many = Array.from({ length: MAX_MOUNTS + 1 }, (_, i) => ({
      size: 1,
      destination: `/m${i}`,
    }));
    expect(refusal(many)).toMatch(`At most ${MAX_MOUNTS} mounts`);
  });

  it('words every refusal as Zun does for a field', () => {
    expect(refusal([{ destination: 'x', source: 'a' }])).toMatch(
      /^Invalid input for field\/attribute mounts\. /,
    );
  });
});
