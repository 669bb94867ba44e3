import { deadlineOf, type DockerTimeouts } from './docker-timeouts';
import { RuntimeUnavailableError, translateDockerError } from './runtime.errors';

const timeouts: DockerTimeouts = { callMs: 30_000, pullMs: 600_000 };

describe('Docker call time limits', () => {
  it('limit an ordinary call until its whole answer is read', () => {
    expect(deadlineOf({ path: '/containers/berth-x/json?', method: 'GET' }, timeouts)).toEqual({
      ms: 30_000,
      whole: true,
    });
  });

  it('limit a stream meant to stay open only until it starts', () => {
    for (const call of [
      { path: '/events?', method: 'GET', isStream: true },
      { path: '/containers/berth-x/logs?', method: 'GET', isStream: true },
      { path: '/containers/berth-x/attach?', method: 'POST', isStream: true, hijack: true },
      { path: '/exec/abc/start', method: 'POST', isStream: true, hijack: true },
    ]) {
      expect(deadlineOf(call, timeouts)).toEqual({ ms: 30_000, whole: false });
    }
  });

  it('give pulls and commits the long limit, until they are done', () => {
    expect(
      deadlineOf({ path: '/images/create?', method: 'POST', isStream: true }, timeouts),
    ).toEqual({ ms: 600_000, whole: true });
    expect(deadlineOf({ path: '/commit?', method: 'POST' }, timeouts)).toEqual({
      ms: 600_000,
      whole: true,
    });
  });

  it("add a stop's or restart's grace period, Docker's 10 s when none is named", () => {
    const stop = (t?: number) =>
      deadlineOf(
        {
          path: '/containers/berth-x/stop?',
          method: 'POST',
          options: t === undefined ? {} : { t },
        },
        timeouts,
      );
    expect(stop(60)).toEqual({ ms: 90_000, whole: true });
    expect(stop(0)).toEqual({ ms: 30_000, whole: true });
    expect(stop()).toEqual({ ms: 40_000, whole: true });
    expect(
      deadlineOf({ path: '/v1.41/containers/berth-x/restart?', options: { t: 5 } }, timeouts),
    ).toEqual({ ms: 35_000, whole: true });
  });

  it('are off when set to 0', () => {
    const off = { callMs: 0, pullMs: 0 };
    expect(deadlineOf({ path: '/containers/berth-x/json?' }, off)).toBeNull();
    expect(deadlineOf({ path: '/images/create?', isStream: true }, off)).toBeNull();
  });
});

describe('an engine that cannot be reached', () => {
  it.each(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'])(
    'is RuntimeUnavailableError on %s, keeping the code for compute',
    (code) => {
      const raw = Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
      const error = translateDockerError(raw);
      expect(error).toBeInstanceOf(RuntimeUnavailableError);
      expect((error.cause as { code?: string }).code).toBe(code);
    },
  );

  it('is not claimed for an answer Docker gave', () => {
    const refused = Object.assign(new Error('(HTTP code 500) server error - boom'), {
      statusCode: 500,
      code: 'ECONNRESET',
    });
    expect(translateDockerError(refused)).not.toBeInstanceOf(RuntimeUnavailableError);
  });
});
