import type { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import type { ArchiveResult, ResourceUpdate } from './archive.types';
import type { ContainerRuntime } from './container-runtime';
import * as io from './docker-container-io';
import { createIdempotent, idempotent, listManaged, removeQuietly } from './docker-containers';
import { type DockerEndpoint, defaultDockerEndpoint, dockerOptionsOf } from './docker-connection';
import { watchEvents } from './docker-events';
import { DEFAULT_DOCKER_TIMEOUTS, limitCalls, type DockerTimeouts } from './docker-timeouts';
import {
  createExec,
  inspectExec,
  killExecByMark,
  resizeExec,
  runExec,
  startExec,
} from './docker-exec';
import { DockerImages } from './docker-images';
import { DockerNetworks, type NetworkGuard } from './docker-networks';
import { probeStorage, type StorageSupport } from './docker-storage';
import { ensureVolume, removeVolume } from './docker-volumes';
import { hostInfoOf } from './host-info';
import type { HostInfo } from './host.types';
import type { ImageInfo } from './image.types';
import { dockerNameOf } from './labels';
import type { NetworkBridge } from './network-names';
import type { EventSubscription, EventWatchOptions, RuntimeEvent } from './runtime-event.types';
import { withDockerErrors } from './runtime.errors';
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
import { snapshotOf } from './snapshot';
import type { VolumeEnsured, VolumeSpec } from './volume.types';

/**
 * ContainerRuntime on one Docker engine, addressed by socket path, URL or dockerode options. Every
 * call has a time limit (see docker-timeouts): an engine that stops answering fails calls with
 * RuntimeUnavailableError instead of holding them for ever.
 */
export class DockerRuntime implements ContainerRuntime {
  private readonly engine: Dockerode;
  private readonly images: DockerImages;
  private readonly networks: DockerNetworks;
  private storageProbe: Promise<StorageSupport> | undefined;

  /** `guard`: told of each project network before a container joins it (the firewall). */
  constructor(
    endpoint: DockerEndpoint = defaultDockerEndpoint(),
    timeouts: DockerTimeouts = DEFAULT_DOCKER_TIMEOUTS,
    guard?: NetworkGuard,
  ) {
    this.engine = new Dockerode(dockerOptionsOf(endpoint));
    limitCalls(this.engine, timeouts);
    this.images = new DockerImages(this.engine);
    this.networks = new DockerNetworks(this.engine, guard);
  }

  ensureImage(ref: string, policy: ImagePullPolicy, auth?: RegistryAuth): Promise<string> {
    return this.images.ensure(ref, policy, auth);
  }

  imageInspect(ref: string): Promise<ImageInfo> {
    return this.images.inspect(ref);
  }

  removeImage(ref: string, force = false): Promise<void> {
    return this.images.remove(ref, force);
  }

  createContainer(spec: ContainerCreateSpec): Promise<string> {
    return createIdempotent(this.engine, spec);
  }

  start(uuid: string): Promise<void> {
    return idempotent(() => this.container(uuid).start());
  }

  stop(uuid: string, timeoutSeconds?: number): Promise<void> {
    return idempotent(() => this.container(uuid).stop({ t: timeoutSeconds }));
  }

  async restart(uuid: string, timeoutSeconds?: number): Promise<void> {
    await withDockerErrors(() => this.container(uuid).restart({ t: timeoutSeconds }));
  }

  async kill(uuid: string, signal?: string): Promise<void> {
    await withDockerErrors(() => this.container(uuid).kill(signal !== undefined ? { signal } : {}));
  }

  async pause(uuid: string): Promise<void> {
    await withDockerErrors(() => this.container(uuid).pause());
  }

  async unpause(uuid: string): Promise<void> {
    await withDockerErrors(() => this.container(uuid).unpause());
  }

  remove(uuid: string, options: RemoveOptions = {}): Promise<void> {
    return removeQuietly(this.container(uuid), options);
  }

  async inspect(uuid: string): Promise<ContainerSnapshot> {
    return snapshotOf(await withDockerErrors(() => this.container(uuid).inspect()));
  }

  list(): Promise<ContainerSnapshot[]> {
    return listManaged(this.engine);
  }

  logs(uuid: string, options: LogOptions = {}): Promise<Readable> {
    return io.openLogs(this.engine.modem, this.container(uuid), options);
  }

  exec(uuid: string, command: string[], options: ExecRunOptions = {}): Promise<ExecResult> {
    return runExec(this.container(uuid), command, options);
  }

  execCreate(uuid: string, command: string[], options?: ExecCreateOptions): Promise<string> {
    return createExec(this.container(uuid), command, options);
  }

  execStart(execId: string, options: { tty?: boolean } = {}): Promise<NodeJS.ReadWriteStream> {
    return startExec(this.engine, execId, options.tty ?? true);
  }

  execInspect(execId: string): Promise<ExecState> {
    return inspectExec(this.engine, execId);
  }

  execKill(uuid: string, mark: string): Promise<void> {
    return killExecByMark(this.container(uuid), mark);
  }

  execResize(uuid: string, execId: string, width: number, height: number): Promise<void> {
    return resizeExec(this.engine, this.container(uuid), execId, width, height);
  }

  attach(uuid: string): Promise<NodeJS.ReadWriteStream> {
    // The caller closes this stream to detach; see DESIGN.md on attach and signals.
    return withDockerErrors(() =>
      this.container(uuid).attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      }),
    );
  }

  async resize(uuid: string, width: number, height: number): Promise<void> {
    await withDockerErrors(() => this.container(uuid).resize({ w: width, h: height }));
  }

  top(uuid: string, psArgs?: string): Promise<TopResult> {
    return io.readTop(this.container(uuid), psArgs);
  }

  stats(uuid: string): Promise<ContainerStatsResult> {
    return io.readStats(this.container(uuid));
  }

  getArchive(uuid: string, path: string): Promise<ArchiveResult> {
    return io.readArchive(this.container(uuid), path);
  }

  putArchive(uuid: string, path: string, tar: Buffer): Promise<void> {
    return io.writeArchive(this.container(uuid), path, tar);
  }

  update(uuid: string, resources: ResourceUpdate): Promise<void> {
    return io.updateResources(this.container(uuid), resources);
  }

  commit(uuid: string, repository: string, tag?: string): Promise<string> {
    return io.commitContainer(this.engine, this.container(uuid), repository, tag);
  }

  ensureVolume(spec: VolumeSpec): Promise<VolumeEnsured> {
    return ensureVolume(this.engine, spec);
  }

  removeVolume(name: string): Promise<void> {
    return removeVolume(this.engine, name);
  }

  ensureNetwork(project: string, name: string): Promise<string> {
    return this.networks.ensure(project, name);
  }

  networkBridges(): Promise<NetworkBridge[]> {
    return this.networks.bridges();
  }

  connectNetwork(uuid: string, network: string): Promise<void> {
    return this.networks.connect(uuid, network);
  }

  disconnectNetwork(uuid: string, network: string): Promise<void> {
    return this.networks.disconnect(uuid, network);
  }

  events(onEvent: (event: RuntimeEvent) => void, options?: EventWatchOptions): EventSubscription {
    return watchEvents(this.engine, onEvent, options);
  }

  async info(): Promise<HostInfo> {
    const raw: unknown = await withDockerErrors(() => this.engine.info());
    return hostInfoOf(raw);
  }

  /** Probed once: an engine's storage driver does not change while it runs. */
  storage(): Promise<StorageSupport> {
    this.storageProbe ??= withDockerErrors(() => probeStorage(this.engine)).catch((error) => {
      this.storageProbe = undefined;
      throw error;
    });
    return this.storageProbe;
  }

  private container(uuid: string): Dockerode.Container {
    return this.engine.getContainer(dockerNameOf(uuid));
  }
}
