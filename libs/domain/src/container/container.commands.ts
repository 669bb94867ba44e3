import { DomainCommand } from '../shared';
import { ContainerNetworkCommand } from './container.commands.networks';
import { ContainerPatch } from './container.events.change';
import { SchedulingRequest } from './container.events.lifecycle';
import { ContainerSpec } from './container.spec';

/**
 * Every command names its container, the request it belongs to and the time it was made: the
 * decider never reads a clock or makes an id, so the same command always decides the same way.
 */
export interface ContainerCommandData {
  uuid: string;
  request_id: string;
  /** ISO 8601. */
  at: string;
}

type Cmd<TType extends string, TExtra extends object = object> = DomainCommand<
  TType,
  ContainerCommandData & TExtra
>;

export type CreateContainer = Cmd<
  'CreateContainer',
  {
    name: string;
    project_id: string;
    user_id: string;
    spec: ContainerSpec;
    host: string;
    run: boolean;
    scheduling?: SchedulingRequest;
  }
>;
export type StartContainer = Cmd<'StartContainer'>;
export type StopContainer = Cmd<'StopContainer', { timeout: number }>;
export type RebootContainer = Cmd<'RebootContainer', { timeout: number }>;
export type PauseContainer = Cmd<'PauseContainer'>;
export type UnpauseContainer = Cmd<'UnpauseContainer'>;
export type KillContainer = Cmd<'KillContainer', { signal: string | null }>;
export type DeleteContainer = Cmd<'DeleteContainer', { force: boolean; stop: boolean }>;
export type RebuildContainer = Cmd<'RebuildContainer', { image: string; image_driver: 'docker' }>;
export type UpdateContainer = Cmd<'UpdateContainer', { patch: ContainerPatch }>;
export type RenameContainer = Cmd<'RenameContainer', { name: string }>;
export type ExecInContainer = Cmd<'ExecInContainer', { command: string[]; interactive: boolean }>;
export type CommitContainer = Cmd<
  'CommitContainer',
  { repository: string; tag: string; image_uuid: string }
>;

export type ContainerCommand =
  | CreateContainer
  | StartContainer
  | StopContainer
  | RebootContainer
  | PauseContainer
  | UnpauseContainer
  | KillContainer
  | DeleteContainer
  | RebuildContainer
  | UpdateContainer
  | RenameContainer
  | ExecInContainer
  | CommitContainer
  | ContainerNetworkCommand;

export type ContainerCommandType = ContainerCommand['type'];
