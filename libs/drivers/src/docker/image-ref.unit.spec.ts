import { parseImageRef } from './image-ref';
import { RuntimeInvalidImageRefError } from './runtime.errors';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['busybox', undefined, 'busybox', 'latest', undefined, 'busybox:latest'],
    ['library/busybox:1.36', undefined, 'busybox', '1.36', undefined, 'busybox:1.36'],
    ['docker.io/library/busybox', undefined, 'busybox', 'latest', undefined, 'busybox:latest'],
    ['x/y:tag', undefined, 'x/y', 'tag', undefined, 'x/y:tag'],
    [
      '127.0.0.1:5000/berth-test/busybox',
      '127.0.0.1:5000',
      'berth-test/busybox',
      'latest',
      undefined,
      '127.0.0.1:5000/berth-test/busybox:latest',
    ],
    ['localhost/app:v2', 'localhost', 'app', 'v2', undefined, 'localhost/app:v2'],
    [
      'registry.example.com/a/b/c',
      'registry.example.com',
      'a/b/c',
      'latest',
      undefined,
      'registry.example.com/a/b/c:latest',
    ],
    [`repo@${DIGEST}`, undefined, 'repo', undefined, DIGEST, `repo@${DIGEST}`],
    [`r:5000/repo:t@${DIGEST}`, 'r:5000', 'repo', 't', DIGEST, `r:5000/repo:t@${DIGEST}`],
  ])('reads %s', (ref, registry, repository, tag, digest, canonical) => {
    expect(parseImageRef(ref)).toMatchObject({ registry, repository, tag, digest, canonical });
  });

  it('names the image for a pull as registry plus repository', () => {
    expect(parseImageRef('127.0.0.1:5000/berth-test/busybox:1').name).toBe(
      '127.0.0.1:5000/berth-test/busybox',
    );
  });

  it.each(['', 'Busybox', 'repo:bad tag', 'repo@sha256:short', 'a//b'])(
    'rejects the malformed reference %p',
    (ref) => {
      expect(() => parseImageRef(ref)).toThrow(RuntimeInvalidImageRefError);
    },
  );
});
