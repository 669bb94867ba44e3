import type {
  ContainerEvent,
  ContainerKillRequested,
  ContainerPauseRequested,
  ContainerRebootRequested,
  ContainerStartRequested,
  ContainerStopRequested,
  ContainerUnpauseRequested,
} from '@berth/domain';
import { RuntimeContainerNotFoundError } from '@berth/drivers';
import { networkOf } from './addresses';
import { killOutcome } from './kill-outcome';
import { now, type HandlerContext } from './request-handler';

/** Start, stop, reboot, pause, unpause and kill: one Docker call each, then the outcome. */

export async function handleStart({
  state,
  request,
  runtime,
}: HandlerContext<ContainerStartRequested>): Promise<ContainerEvent[]> {
  await runtime.start(state.uuid);
  return [
    {
      type: 'ContainerStarted',
      version: 1,
      data: {
        request_id: request.data.request_id,
        at: now(),
        ...(await networkOf(runtime, state.uuid)),
      },
    },
  ];
}

export async function handleStop({
  state,
  request,
  runtime,
}: HandlerContext<ContainerStopRequested>): Promise<ContainerEvent[]> {
  await runtime.stop(state.uuid, request.data.timeout);
  const snapshot = await runtime.inspect(state.uuid);
  return [
    {
      type: 'ContainerStopped',
      version: 1,
      data: { request_id: request.data.request_id, at: now(), exit_code: snapshot.exitCode },
    },
  ];
}

export async function handleReboot({
  state,
  request,
  runtime,
}: HandlerContext<ContainerRebootRequested>): Promise<ContainerEvent[]> {
  await runtime.restart(state.uuid, request.data.timeout);
  return [
    {
      type: 'ContainerRebooted',
      version: 1,
      data: {
        request_id: request.data.request_id,
        at: now(),
        ...(await networkOf(runtime, state.uuid)),
      },
    },
  ];
}

export async function handlePause({
  state,
  request,
  runtime,
}: HandlerContext<ContainerPauseRequested>): Promise<ContainerEvent[]> {
  await runtime.pause(state.uuid);
  return [
    {
      type: 'ContainerPaused',
      version: 1,
      data: { request_id: request.data.request_id, at: now() },
    },
  ];
}

export async function handleUnpause({
  state,
  request,
  runtime,
}: HandlerContext<ContainerUnpauseRequested>): Promise<ContainerEvent[]> {
  await runtime.unpause(state.uuid);
  return [
    {
      type: 'ContainerUnpaused',
      version: 1,
      data: { request_id: request.data.request_id, at: now() },
    },
  ];
}

export async function handleKill({
  state,
  request,
  runtime,
}: HandlerContext<ContainerKillRequested>): Promise<ContainerEvent[]> {
  await runtime.kill(state.uuid, request.data.signal ?? undefined);
  // Docker answers a kill once the signal is delivered, whatever the process makes of it, so the
  // outcome is what Docker shows now, as a stop reports the exit code it finds afterwards.
  const after = await runtime.inspect(state.uuid).catch((error: unknown) => {
    if (error instanceof RuntimeContainerNotFoundError) return null;
    throw error;
  });
  return [killOutcome(request.data.request_id, now(), after)];
}
