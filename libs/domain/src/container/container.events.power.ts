import { ContainerEventV1, Failure, RequestScoped } from './container.events.base';
import { ContainerAddresses } from './container.spec';

/** Actions that move a living container between Running, Stopped and Paused. */

export type ContainerStartRequested = ContainerEventV1<'ContainerStartRequested', RequestScoped>;
/** Docker assigns addresses and host ports when a container starts, so a start reports them. */
export interface Networked {
  addresses?: ContainerAddresses;
  ports?: number[];
}

export type ContainerStarted = ContainerEventV1<'ContainerStarted', RequestScoped & Networked>;
export type ContainerStartFailed = ContainerEventV1<'ContainerStartFailed', Failure>;

export type ContainerStopRequested = ContainerEventV1<
  'ContainerStopRequested',
  RequestScoped & { /** Seconds before Docker kills. */ timeout: number }
>;
export type ContainerStopped = ContainerEventV1<
  'ContainerStopped',
  RequestScoped & { exit_code: number | null }
>;
export type ContainerStopFailed = ContainerEventV1<'ContainerStopFailed', Failure>;

export type ContainerRebootRequested = ContainerEventV1<
  'ContainerRebootRequested',
  RequestScoped & { timeout: number }
>;
export type ContainerRebooted = ContainerEventV1<'ContainerRebooted', RequestScoped & Networked>;
export type ContainerRebootFailed = ContainerEventV1<'ContainerRebootFailed', Failure>;

export type ContainerPauseRequested = ContainerEventV1<'ContainerPauseRequested', RequestScoped>;
export type ContainerPaused = ContainerEventV1<'ContainerPaused', RequestScoped>;
export type ContainerPauseFailed = ContainerEventV1<'ContainerPauseFailed', Failure>;

export type ContainerUnpauseRequested = ContainerEventV1<
  'ContainerUnpauseRequested',
  RequestScoped
>;
export type ContainerUnpaused = ContainerEventV1<'ContainerUnpaused', RequestScoped>;
export type ContainerUnpauseFailed = ContainerEventV1<'ContainerUnpauseFailed', Failure>;

export type ContainerKillRequested = ContainerEventV1<
  'ContainerKillRequested',
  RequestScoped & { /** null: Docker's default (SIGKILL). */ signal: string | null }
>;
/**
 * A signal was delivered; what it did is what Docker showed right after. A signal the process
 * handles or ignores (SIGHUP to a daemon that reloads) leaves it running. Both fields are absent
 * from kills recorded before compute looked: those were all read as a stop, and still are, so the
 * old events keep their shape and need no upcaster.
 */
export type ContainerKilled = ContainerEventV1<
  'ContainerKilled',
  RequestScoped & {
    /** Docker still ran the container after the signal (or was restarting it by policy). */
    running?: boolean;
    /** Docker's exit code once it ended; null while running, or when Docker no longer had it. */
    exit_code?: number | null;
  }
>;
export type ContainerKillFailed = ContainerEventV1<'ContainerKillFailed', Failure>;

export type ContainerPowerEvent =
  | ContainerStartRequested
  | ContainerStarted
  | ContainerStartFailed
  | ContainerStopRequested
  | ContainerStopped
  | ContainerStopFailed
  | ContainerRebootRequested
  | ContainerRebooted
  | ContainerRebootFailed
  | ContainerPauseRequested
  | ContainerPaused
  | ContainerPauseFailed
  | ContainerUnpauseRequested
  | ContainerUnpaused
  | ContainerUnpauseFailed
  | ContainerKillRequested
  | ContainerKilled
  | ContainerKillFailed;
