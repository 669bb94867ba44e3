import { ContainerActionName } from './container.actions';
import { ContainerStatus, TaskState } from './container-status';
import { ContainerAddresses, ContainerSpec } from './container.spec';
import { VolumeAttachment } from './container.events.volumes';

/** The one action in flight: its request event is in the log, its outcome is not yet. */
export interface PendingAction {
  request_id: string;
  action: ContainerActionName;
  requested_at: string;
  /** Status when the request was made; rebuild returns to Running only if it was Running. */
  previous_status: ContainerStatus;
}

/** No ContainerCreateRequested yet: the stream is empty. */
export interface AbsentContainer {
  exists: false;
}

export interface PresentContainer {
  exists: true;
  uuid: string;
  name: string;
  project_id: string;
  user_id: string;
  host: string;
  spec: ContainerSpec;
  status: ContainerStatus;
  task_state: TaskState | null;
  status_reason: string | null;
  docker_id: string | null;
  image_id: string | null;
  pending: PendingAction | null;
  created_at: string;
  updated_at: string;
  /**
   * The container is gone for the API (Zun destroys the row). Distinct from status 'Deleted',
   * which Zun shows when Docker lost the container and the user may still `zun delete` it.
   */
  deleted: boolean;
  exit_code: number | null;
  restart_count: number;
  /** Where the container can be reached, as Docker reported it when it last started. */
  addresses: ContainerAddresses;
  /** Host ports published on the loopback address. */
  ports: number[];
  /** The mounts compute attached, one per destination; absent before any was. */
  volumes?: VolumeAttachment[];
}

/** What the decider and evolve fold over; narrow on `exists`. */
export type ContainerState = AbsentContainer | PresentContainer;

/** A function, as in emmett's DeciderSpecification, so no caller can share a mutable value. */
/** No host took it (its create ended in Error at placement): nothing of it is on any engine. */
export function isUnplaced(container: PresentContainer): boolean {
  return container.host === '' && container.docker_id === null;
}

export function initialState(): ContainerState {
  return { exists: false };
}
