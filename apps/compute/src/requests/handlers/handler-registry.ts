import type { ContainerRequestEvent } from '@berth/domain';
import { handleCommit, handleDelete, handleRebuild, handleUpdate } from './change.handlers';
import { handleCreate } from './create.handler';
import { handleNetworkAttach, handleNetworkDetach } from './network.handlers';
import {
  handleKill,
  handlePause,
  handleReboot,
  handleStart,
  handleStop,
  handleUnpause,
} from './power.handlers';
import type { RequestHandler } from './request-handler';

type HandlerMap = {
  [T in ContainerRequestEvent['type']]?: RequestHandler<
    Extract<ContainerRequestEvent, { type: T }>
  >;
};

/**
 * The requests compute acts on. Rename and exec are absent: the API decides a rename alone and runs
 * an exec synchronously, so neither ever waits for compute.
 */
const HANDLERS: HandlerMap = {
  ContainerCreateRequested: handleCreate,
  ContainerStartRequested: handleStart,
  ContainerStopRequested: handleStop,
  ContainerRebootRequested: handleReboot,
  ContainerPauseRequested: handlePause,
  ContainerUnpauseRequested: handleUnpause,
  ContainerKillRequested: handleKill,
  ContainerDeleteRequested: handleDelete,
  ContainerRebuildRequested: handleRebuild,
  ContainerUpdateRequested: handleUpdate,
  ContainerCommitRequested: handleCommit,
  ContainerNetworkAttachRequested: handleNetworkAttach,
  ContainerNetworkDetachRequested: handleNetworkDetach,
};

export function handlerFor(request: ContainerRequestEvent): RequestHandler | undefined {
  return HANDLERS[request.type] as RequestHandler | undefined;
}

export const HANDLED_REQUEST_TYPES = Object.keys(HANDLERS);
