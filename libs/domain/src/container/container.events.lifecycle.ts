import { ContainerEventV1, Failure, RequestScoped } from './container.events.base';
import { ContainerAddresses, ContainerSpec } from './container.spec';
import { Networked } from './container.events.power';

/** Birth and death of a container, and rebuild (which replaces the Docker container). */

export type ContainerCreateRequested = ContainerEventV1<
  'ContainerCreateRequested',
  RequestScoped & {
    uuid: string;
    name: string;
    project_id: string;
    user_id: string;
    spec: ContainerSpec;
    /** Chosen by the scheduler before the request is appended. */
    host: string;
    /** `zun run`: start it once created. */
    run: boolean;
    /** What the user asked of placement, kept so a reschedule applies the same filters. */
    scheduling?: SchedulingRequest;
  }
>;

/** Zun's scheduler hints (`label:<key>` → value), availability zone and admin-requested host. */
export interface SchedulingRequest {
  hints: Record<string, string>;
  availability_zone: string | null;
  requested_host: string | null;
}

export type ContainerCreated = ContainerEventV1<
  'ContainerCreated',
  RequestScoped & {
    docker_id: string;
    image_id: string | null;
    addresses: ContainerAddresses;
    ports: number[];
    /** True when `run` was asked and the start succeeded too (one action, as in Zun). */
    running: boolean;
  }
>;

export type ContainerCreateFailed = ContainerEventV1<
  'ContainerCreateFailed',
  Failure & {
    /** Set when Docker created the container but starting it (run) failed, so delete can clean up. */
    docker_id: string | null;
  }
>;

export type ContainerDeleteRequested = ContainerEventV1<
  'ContainerDeleteRequested',
  RequestScoped & { force: boolean; stop: boolean }
>;
export type ContainerDeleted = ContainerEventV1<'ContainerDeleted', RequestScoped>;
export type ContainerDeleteFailed = ContainerEventV1<'ContainerDeleteFailed', Failure>;

export type ContainerRebuildRequested = ContainerEventV1<
  'ContainerRebuildRequested',
  RequestScoped & { image: string; image_driver: 'docker' }
>;
export type ContainerRebuilt = ContainerEventV1<
  'ContainerRebuilt',
  RequestScoped & Networked & { docker_id: string; image: string }
>;
export type ContainerRebuildFailed = ContainerEventV1<'ContainerRebuildFailed', Failure>;

export type ContainerLifecycleEvent =
  | ContainerCreateRequested
  | ContainerCreated
  | ContainerCreateFailed
  | ContainerDeleteRequested
  | ContainerDeleted
  | ContainerDeleteFailed
  | ContainerRebuildRequested
  | ContainerRebuilt
  | ContainerRebuildFailed;
