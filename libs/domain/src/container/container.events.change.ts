import { ContainerEventV1, Failure, RequestScoped } from './container.events.base';

/** Actions that change a container's attributes or use it without changing its status. */

/** What PATCH /v1/containers/X may change. cpu/memory need Docker; name/auto_heal do not. */
export interface ContainerPatch {
  cpu?: number;
  /** MiB. */
  memory?: number;
  name?: string;
  auto_heal?: boolean;
}

export type ContainerUpdateRequested = ContainerEventV1<
  'ContainerUpdateRequested',
  RequestScoped & { patch: ContainerPatch }
>;
export type ContainerUpdated = ContainerEventV1<
  'ContainerUpdated',
  RequestScoped & { patch: ContainerPatch }
>;
export type ContainerUpdateFailed = ContainerEventV1<'ContainerUpdateFailed', Failure>;

export type ContainerRenameRequested = ContainerEventV1<
  'ContainerRenameRequested',
  RequestScoped & { name: string }
>;
export type ContainerRenamed = ContainerEventV1<
  'ContainerRenamed',
  RequestScoped & { name: string }
>;
/** Never decided today (a rename needs no Docker work); kept so every action has both outcomes. */
export type ContainerRenameFailed = ContainerEventV1<'ContainerRenameFailed', Failure>;

export type ContainerExecRequested = ContainerEventV1<
  'ContainerExecRequested',
  RequestScoped & { command: string[]; interactive: boolean }
>;
export type ContainerExecuted = ContainerEventV1<
  'ContainerExecuted',
  RequestScoped & {
    /** null for an interactive exec: it is still running when the outcome is written. */
    exit_code: number | null;
    exec_id: string | null;
  }
>;
export type ContainerExecFailed = ContainerEventV1<'ContainerExecFailed', Failure>;

export type ContainerCommitRequested = ContainerEventV1<
  'ContainerCommitRequested',
  RequestScoped & { repository: string; tag: string; image_uuid: string }
>;
export type ContainerCommitted = ContainerEventV1<
  'ContainerCommitted',
  RequestScoped & { image_id: string }
>;
export type ContainerCommitFailed = ContainerEventV1<'ContainerCommitFailed', Failure>;

export type ContainerChangeEvent =
  | ContainerUpdateRequested
  | ContainerUpdated
  | ContainerUpdateFailed
  | ContainerRenameRequested
  | ContainerRenamed
  | ContainerRenameFailed
  | ContainerExecRequested
  | ContainerExecuted
  | ContainerExecFailed
  | ContainerCommitRequested
  | ContainerCommitted
  | ContainerCommitFailed;
