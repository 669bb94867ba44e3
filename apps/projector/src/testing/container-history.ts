import type { ContainerEvent, ContainerSpec, EventMetadata } from '@berth/domain';
import type { EventToAppend } from '@berth/drivers';
import { aSpec } from '@berth/domain/testing/a-spec';

/** One action of a generated history: its request and outcome, appended together. */
export type HistoryStep = 'create' | 'start' | 'stop' | 'kill-failed' | 'delete';

const BASE_MS = Date.parse('2025-01-01T00:00:00.000Z');

const spec = (n: number): ContainerSpec =>
  aSpec({
    command: ['sleep', '3600'],
    cpu: 0.5,
    memory: 128 + (n % 4) * 128,
    environment: { N: String(n) },
    labels: { app: `svc-${n % 50}` },
  });

/**
 * The domain's real events for one action on container number `n` (uuid given), request first and
 * outcome second, as the API and compute would append them. `tick` orders the `at` times.
 */
export function historyStep(
  uuid: string,
  n: number,
  step: HistoryStep,
  tick: number,
): EventToAppend[] {
  const request_id = `req-${step}-${uuid}`;
  const at = new Date(BASE_MS + tick * 1000).toISOString();
  const done = new Date(BASE_MS + tick * 1000 + 250).toISOString();
  const project_id = `project-${n % 20}`;
  const metadata: EventMetadata = {
    request_id,
    global_request_id: null,
    user_id: `user-${n % 7}`,
    project_id,
    correlation_id: request_id,
    causation_id: null,
  };
  const scoped = { request_id, at };
  const outcome = { request_id, at: done };
  const pair = ((): [ContainerEvent, ContainerEvent] => {
    switch (step) {
      case 'create':
        return [
          {
            type: 'ContainerCreateRequested',
            version: 1,
            data: {
              ...scoped,
              uuid,
              name: `c-${n}`,
              project_id,
              user_id: metadata.user_id,
              spec: spec(n),
              host: `host-${n % 3}`,
              run: false,
            },
          },
          {
            type: 'ContainerCreated',
            version: 1,
            data: {
              ...outcome,
              docker_id: `docker-${n}`,
              image_id: 'sha256:busybox',
              addresses: {},
              ports: [],
              running: false,
            },
          },
        ];
      case 'start':
        return [
          { type: 'ContainerStartRequested', version: 1, data: scoped },
          { type: 'ContainerStarted', version: 1, data: { ...outcome, ports: [] } },
        ];
      case 'stop':
        return [
          { type: 'ContainerStopRequested', version: 1, data: { ...scoped, timeout: 10 } },
          { type: 'ContainerStopped', version: 1, data: { ...outcome, exit_code: 137 } },
        ];
      case 'kill-failed':
        return [
          { type: 'ContainerKillRequested', version: 1, data: { ...scoped, signal: 'SIGTERM' } },
          {
            type: 'ContainerKillFailed',
            version: 1,
            data: { ...outcome, reason: 'Docker said no' },
          },
        ];
      case 'delete':
        return [
          {
            type: 'ContainerDeleteRequested',
            version: 1,
            data: { ...scoped, force: false, stop: false },
          },
          { type: 'ContainerDeleted', version: 1, data: outcome },
        ];
    }
  })();
  return pair.map((event) => ({ ...event, metadata }));
}

/** Which actions container `n` goes through: every one is created and started, some go further. */
export function stepsFor(n: number): HistoryStep[] {
  const steps: HistoryStep[] = ['create', 'start'];
  if (n % 5 === 0) steps.push('kill-failed');
  if (n % 2 === 0) steps.push('stop');
  if (n % 4 === 0) steps.push('delete');
  return steps;
}
