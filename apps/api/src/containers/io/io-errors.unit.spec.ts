import { DomainError } from '@berth/domain';
import { RuntimeConflictError, RuntimeContainerNotFoundError, RuntimeError } from '@berth/drivers';
import { ComputeHostUnreachable, DockerError, pathHints, toUserError } from './io-errors';

const hints = { uuid: 'u1', host: 'h1' };

function statusOf(err: unknown): number | undefined {
  return err instanceof DomainError ? err.status : undefined;
}

describe('toUserError', () => {
  it.each([
    ['a lost container', new RuntimeContainerNotFoundError('No such container: x', 404), 409],
    ['a Docker conflict', new RuntimeConflictError('is paused', 409), 409],
    ['a missing path', new RuntimeError('Could not find the file /x in container abc', 404), 404],
    ['a Docker 400', new RuntimeError('bad parameter', 400), 400],
    ['a Docker 500', new RuntimeError('boom', 500), 500],
    ['no answer', new RuntimeError('connect ENOENT /var/run/docker.sock'), 503],
  ])('maps %s', (_what, err, status) => {
    expect(statusOf(toUserError(err, hints))).toBe(status);
  });

  it('names the user-facing 404 when told to', () => {
    const err = toUserError(new RuntimeError('Could not find the file /x in container abc', 404), {
      ...hints,
      notFound: 'Could not find the file /x in container u1.',
    }) as Error;
    expect(err.message).toBe('Could not find the file /x in container u1.');
  });

  it('turns a 500 that is the user input into a 400', () => {
    const err = new RuntimeError('ps: error: unknown gnu long option', 500);
    expect(statusOf(toUserError(err, { ...hints, userFault: /^ps: / }))).toBe(400);
  });

  it("keeps Zun's DockerError wording", () => {
    expect(toUserError(new RuntimeError('boom', 500), hints)).toEqual(new DockerError('boom'));
  });

  it('says which host is unreachable without echoing the socket error', () => {
    const err = toUserError(new RuntimeError('connect ENOENT /var/run/docker.sock'), hints);
    expect(err).toBeInstanceOf(ComputeHostUnreachable);
    expect((err as Error).message).not.toContain('docker.sock');
  });

  it('passes other errors through untouched', () => {
    const bug = new TypeError('x is undefined');
    expect(toUserError(bug, hints)).toBe(bug);
  });

  describe("on an archive route, Docker's refusals of the path", () => {
    const overlay = '/var/lib/docker/overlay2/0123/merged';
    it.each<[string, RuntimeError, 'get' | 'put', number, string]>([
      [
        'a missing file',
        new RuntimeError('Could not find the file /x in container abc', 404),
        'get',
        404,
        'Could not find the file /x in container u1.',
      ],
      [
        'a path through a file',
        new RuntimeError(`lstat ${overlay}/etc/hosts/x: not a directory`, 500),
        'get',
        404,
        'Could not find the file /x in container u1.',
      ],
      [
        'a name too long',
        new RuntimeError(`lstat ${overlay}/nnnn: file name too long`, 500),
        'get',
        400,
        'The path /x cannot be resolved in container u1: a name in it is too long, or it follows too many links.',
      ],
      [
        'too many links',
        new RuntimeError(`evalSymlinksInScope: too many links in ${overlay}/a/a`, 500),
        'get',
        400,
        'The path /x cannot be resolved in container u1: a name in it is too long, or it follows too many links.',
      ],
      [
        'a destination that is a file',
        new RuntimeError('extraction point is not a directory', 500),
        'put',
        400,
        'The destination /x in container u1 is not a directory.',
      ],
      [
        'a broken tar',
        new RuntimeError('Error processing tar file(exit status 1): unexpected EOF', 500),
        'put',
        400,
        'The data sent for /x is not a valid tar archive.',
      ],
      [
        'any other refusal of Docker’s',
        new RuntimeError('bad parameter', 400),
        'get',
        400,
        'The path /x is not valid in container u1.',
      ],
      [
        'Docker failing for a reason of its own',
        new RuntimeError(`write ${overlay}/x: no space left on device`, 500),
        'put',
        500,
        'Docker internal error: could not copy into /x in container u1.',
      ],
    ])('answers %s in Berth’s words', (_why, err, direction, status, message) => {
      const mapped = toUserError(err, pathHints(hints, '/x', direction)) as DomainError;
      expect({ status: mapped.status, message: mapped.message }).toEqual({ status, message });
      expect(mapped.message).not.toContain('overlay');
    });

    it('cuts a long path in the message', () => {
      const long = `/${'a'.repeat(1000)}`;
      const mapped = toUserError(
        new RuntimeError('x', 404),
        pathHints(hints, long, 'get'),
      ) as Error;
      expect(mapped.message.length).toBeLessThan(400);
    });
  });
});
