import { DomainError } from '@berth/domain';
import { RuntimeConflictError, RuntimeContainerNotFoundError, RuntimeError } from '@berth/drivers';
import { ComputeHostUnreachable, DockerError, toUserError } from './io-errors';

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
});
