import type { ContainerKillRequested } from '@berth/domain';
import {
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  type ContainerRuntime,
  type ContainerSnapshot,
} from '@berth/drivers';
import type { ComputeConfig } from '../../compute.config';
import { history, HOST, T2 } from '../../testing/container.fixtures';
import { killOutcome } from './kill-outcome';
import { handleKill } from './power.handlers';

const seen = (status: ContainerSnapshot['status'], exitCode = 0) => ({ status, exitCode });

describe('the outcome of a kill, from what Docker shows after the signal', () => {
  it('leaves a container whose process handled or ignored the signal running, with no exit code', () => {
    expect(killOutcome('req-1', T2, seen('running')).data).toEqual({
      request_id: 'req-1',
      at: T2,
      running: true,
      exit_code: null,
    });
  });

  it('counts a container Docker is restarting by its policy as running on', () => {
    expect(killOutcome('req-1', T2, seen('restarting', 137)).data).toMatchObject({
      running: true,
      exit_code: null,
    });
  });

  it.each<[ContainerSnapshot['status'], number]>([
    ['exited', 137],
    ['exited', 143],
    ['dead', 137],
    ['removing', 0],
  ])('reports a container %s with exit code %i as ended with that code', (status, code) => {
    expect(killOutcome('req-1', T2, seen(status, code)).data).toMatchObject({
      running: false,
      exit_code: code,
    });
  });

  it('reports a container Docker already removed (auto_remove) as ended, its exit code unknown', () => {
    expect(killOutcome('req-1', T2, null).data).toMatchObject({ running: false, exit_code: null });
  });
});

describe('the kill handler', () => {
  const config = { hostname: HOST } as ComputeConfig;
  const h = history().createRequested().created().started();
  h.requested('ContainerKillRequested', { signal: 'SIGHUP' });
  const request = h.events[h.events.length - 1] as ContainerKillRequested;

  /** An engine that takes the signal, then answers inspect as told. */
  function engine(inspect: () => Promise<Pick<ContainerSnapshot, 'status' | 'exitCode'>>) {
    const calls: string[] = [];
    const runtime = {
      kill: (_uuid: string, signal?: string) => {
        calls.push(`kill ${signal}`);
        return Promise.resolve();
      },
      inspect: () => {
        calls.push('inspect');
        return inspect();
      },
    } as unknown as ContainerRuntime;
    return { runtime, calls };
  }

  it('sends the signal, then asks Docker whether the container still runs', async () => {
    const { runtime, calls } = engine(() => Promise.resolve(seen('running')));
    const events = await handleKill({ state: h.present, request, runtime, config });
    expect(calls).toEqual(['kill SIGHUP', 'inspect']);
    expect(events).toEqual([
      {
        type: 'ContainerKilled',
        version: 1,
        data: expect.objectContaining({ request_id: request.data.request_id, running: true }),
      },
    ]);
  });

  it('takes a container Docker no longer has for one the signal ended', async () => {
    const { runtime } = engine(() =>
      Promise.reject(new RuntimeContainerNotFoundError('No such container', 404)),
    );
    const [killed] = await handleKill({ state: h.present, request, runtime, config });
    expect(killed.data).toMatchObject({ running: false, exit_code: null });
  });

  it('fails the kill when Docker cannot say what the signal did', async () => {
    const { runtime } = engine(() => Promise.reject(new RuntimeConflictError('daemon busy', 409)));
    await expect(handleKill({ state: h.present, request, runtime, config })).rejects.toThrow(
      'daemon busy',
    );
  });
});
