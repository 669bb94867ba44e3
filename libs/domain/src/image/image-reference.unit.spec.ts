import { isValidImageReference, parseImageReference } from './image-reference';

const SHA256 = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe("Docker's image reference grammar", () => {
  it.each([
    ['busybox', { domain: null, path: 'busybox', tag: null, digest: null }],
    ['busybox:1.36', { domain: null, path: 'busybox', tag: '1.36', digest: null }],
    [
      '127.0.0.1:5000/berth-test/busybox:latest',
      { domain: '127.0.0.1:5000', path: 'berth-test/busybox', tag: 'latest', digest: null },
    ],
    ['localhost/app', { domain: 'localhost', path: 'app', tag: null, digest: null }],
    ['[::1]:5000/x:v2', { domain: '[::1]:5000', path: 'x', tag: 'v2', digest: null }],
    ['Reg.Example.com/a/b', { domain: 'Reg.Example.com', path: 'a/b', tag: null, digest: null }],
    [`repo@${SHA256}`, { domain: null, path: 'repo', tag: null, digest: SHA256 }],
    [`r.io:5000/repo:t@${SHA256}`, { domain: 'r.io:5000', path: 'repo', tag: 't', digest: SHA256 }],
    ['ab-c__d---e/f.g', { domain: null, path: 'ab-c__d---e/f.g', tag: null, digest: null }],
    ['x/a.b-c__d', { domain: null, path: 'x/a.b-c__d', tag: null, digest: null }],
  ])('reads %s into its parts', (reference, parts) => {
    expect(parseImageReference(reference)).toEqual(parts);
  });

  it.each([
    ['an empty string', ''],
    ['punctuation only', '!!!'],
    ['an upper-case path', 'Busybox'],
    ['an upper-case first component that is no registry', 'UPPER/x'],
    ['an empty path component', 'a//b'],
    ['a leading slash', '/busybox'],
    ['a trailing slash', 'busybox/'],
    ['a separator at the start of a component', '-busybox'],
    ['two dots in a row', 'a..b'],
    ['a blank inside', 'busy box'],
    ['surrounding blanks', ' busybox'],
    ['a tag with a blank', 'busybox:bad tag'],
    ['an empty tag', 'busybox:'],
    ['a tag starting with a dot', 'busybox:.x'],
    ['a tag of 129 characters', `busybox:${'t'.repeat(129)}`],
    ['a short digest', 'busybox@sha256:abc'],
    ['an unknown digest algorithm', `busybox@md5:${'a'.repeat(32)}`],
    ['an upper-case digest', `busybox@sha256:${'A'.repeat(64)}`],
    ['an empty digest', 'busybox@'],
    ['two digests', `busybox@${SHA256}@${SHA256}`],
    ['a port that is not a number', 'reg.io:http/x'],
    ['a registry with an underscore', 'reg_io.com/x'],
    ['a first component with a dot that is no host', 'a.b-c__d/e'],
    ['a name longer than 255 characters', `r.io/${'a'.repeat(251)}`],
    ['a NUL character', 'busy\u0000box'],
  ])('refuses %s', (_why, reference) => {
    expect(isValidImageReference(reference)).toBe(false);
  });

  it('takes a name of exactly 255 characters', () => {
    expect(isValidImageReference(`r.io/${'a'.repeat(250)}`)).toBe(true);
  });

  it('answers a long hostile reference without backtracking for long', () => {
    const hostile = `${'a-'.repeat(20_000)}!`;
    const started = process.hrtime.bigint();
    expect(isValidImageReference(hostile)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
  });
});
