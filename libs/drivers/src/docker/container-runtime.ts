import type { Readable } from 'node:stream';
import type { ArchiveResult, ResourceUpdate } from './archive.types';
import type { StorageSupport } from './docker-storage';
import type { HostInfo } from './host.types';
import type { NetworkBridge } from './network-names';
import type { ImageInfo } from './image.types';
import type { VolumeEnsured, VolumeSpec } from './volume.types';
import type { EventSubscription, EventWatchOptions, RuntimeEvent } from './runtime-event.types';
import type {
  ContainerCreateSpec,
  ContainerSnapshot,
  ContainerStatsResult,
  ExecCreateOptions,
  ExecResult,
  ExecState,
  ExecRunOptions,
  ImagePullPolicy,
  LogOptions,
  RegistryAuth,
  RemoveOptions,
  TopResult,
} from './runtime.types';

/**
 * The one narrow port through which Berth drives a container engine on one host. Containers are
 * addressed by their Zun uuid; the runtime maps that to its own names. Every failure is a
 * RuntimeError (or one of its subclasses) carrying the engine's message.
 */
export interface ContainerRuntime {
  /** Makes the image present per policy and returns its id; concurrent pulls of one ref are joined. */
  ensureImage(ref: string, policy: ImagePullPolicy, auth?: RegistryAuth): Promise<string>;
  imageInspect(ref: string): Promise<ImageInfo>;
  /** Removing an image that is already gone succeeds. */
  removeImage(ref: string, force?: boolean): Promise<void>;

  /** Idempotent per uuid: a second create returns the first container's id. */
  createContainer(spec: ContainerCreateSpec): Promise<string>;
  start(uuid: string): Promise<void>;
  stop(uuid: string, timeoutSeconds?: number): Promise<void>;
  restart(uuid: string, timeoutSeconds?: number): Promise<void>;
  kill(uuid: string, signal?: string): Promise<void>;
  pause(uuid: string): Promise<void>;
  unpause(uuid: string): Promise<void>;
  /** Removing a container that is already gone succeeds. */
  remove(uuid: string, options?: RemoveOptions): Promise<void>;
  inspect(uuid: string): Promise<ContainerSnapshot>;
  /** Every container carrying Berth's uuid label, running or not: the reconciler's view. */
  list(): Promise<ContainerSnapshot[]>;

  /**
   * The log as it is read from the engine: stdout and stderr demultiplexed into one byte stream,
   * in Docker's order. Resolves once the engine has accepted the request (its refusals reject);
   * read it to the end or destroy it. Never buffered whole by the runtime.
   */
  logs(uuid: string, options?: LogOptions): Promise<Readable>;
  /**
   * Runs a command to completion and returns its combined output and exit code, within the
   * options' output cap and deadline.
   */
  exec(uuid: string, command: string[], options?: ExecRunOptions): Promise<ExecResult>;
  /** Prepares an exec for an interactive session and returns its id; attach with execStart. */
  execCreate(uuid: string, command: string[], options?: ExecCreateOptions): Promise<string>;
  /** Starts a prepared exec and hands back its hijacked two-way stream. */
  execStart(execId: string, options?: { tty?: boolean }): Promise<NodeJS.ReadWriteStream>;
  /** Whether an exec still runs, and its exit code once it ended. */
  execInspect(execId: string): Promise<ExecState>;
  /**
   * Ends every process of the container started by the exec created with this `mark` (and
   * everything they started), from a second exec inside the container. Best effort: resolves
   * whether it worked or not (an image without sh, a container already stopped).
   */
  execKill(uuid: string, mark: string): Promise<void>;
  /** Resizes an exec's TTY; an exec of another container is not found. */
  execResize(uuid: string, execId: string, width: number, height: number): Promise<void>;
  /** The container's own stdio as a hijacked two-way stream; close it yourself to detach. */
  attach(uuid: string): Promise<NodeJS.ReadWriteStream>;
  resize(uuid: string, width: number, height: number): Promise<void>;
  top(uuid: string, psArgs?: string): Promise<TopResult>;
  stats(uuid: string): Promise<ContainerStatsResult>;
  getArchive(uuid: string, path: string): Promise<ArchiveResult>;
  putArchive(uuid: string, path: string, tar: Buffer): Promise<void>;
  update(uuid: string, resources: ResourceUpdate): Promise<void>;
  /** Snapshots the container's filesystem as an image and returns its id; a failure leaves none. */
  commit(uuid: string, repository: string, tag?: string): Promise<string>;

  /** Creates the named volume unless the engine has it already (then its labels stay as they were). */
  ensureVolume(spec: VolumeSpec): Promise<VolumeEnsured>;
  /** Removing a volume that is already gone succeeds; one still in use fails. */
  removeVolume(name: string): Promise<void>;

  /**
   * Makes `project`'s network `name` exist on this engine (a user-defined bridge of that project
   * alone, created on first use) and returns its Docker name.
   */
  ensureNetwork(project: string, name: string): Promise<string>;
  /** Every project network Berth made on this engine, with its Linux bridge interface. */
  networkBridges(): Promise<NetworkBridge[]>;
  /** Connects the container to a Docker network; one already connected succeeds. */
  connectNetwork(uuid: string, network: string): Promise<void>;
  /** Disconnects the container from a Docker network; one not connected succeeds. */
  disconnectNetwork(uuid: string, network: string): Promise<void>;

  /** Follows the engine's events for Berth containers until stop(). */
  events(onEvent: (event: RuntimeEvent) => void, options?: EventWatchOptions): EventSubscription;
  info(): Promise<HostInfo>;
  /** What the engine's storage can enforce (disk sizes, volume sizes). */
  storage(): Promise<StorageSupport>;
}
