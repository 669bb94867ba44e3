import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { ArchiveResult, ResourceUpdate } from '../docker/archive.types';
import type { ContainerRuntime } from '../docker/container-runtime';
import type { StorageSupport } from '../docker/docker-storage';
import type { HostInfo } from '../docker/host.types';
import type { NetworkBridge } from '../docker/network-names';
import type { ImageInfo } from '../docker/image.types';
import type { VolumeEnsured, VolumeSpec } from '../docker/volume.types';
import { LABEL_NAME, LABEL_PROJECT, LABEL_UUID, dockerNameOf } from '../docker/labels';
import type {
  EventSubscription,
  EventWatchOptions,
  RuntimeEvent,
  RuntimeEventAction,
} from '../docker/runtime-event.types';
import {
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  RuntimeError,
  RuntimeImageNotFoundError,
} from '../docker/runtime.errors';
import type {
  ContainerCreateSpec,
  ContainerSnapshot,
  ContainerStatsResult,
  ContainerStatus,
  ExecCreateOptions,
  ExecState,
  ExecResult,
  ImagePullPolicy,
  LogOptions,
  RemoveOptions,
  TopResult,
} from '../docker/runtime.types';
import { SimulatedNetworks } from './simulated-networks';

/** What a simulated host claims to be. */
export interface SimulatedRuntimeOptions {
  /** Reported by info(); default 8. */
  cpus?: number;
  /** Reported by info(); default 16384 MiB. */
  memTotalMiB?: number;
  /** Delay added to every engine call, ms, to stand in for Docker's own time; default 0. */
  latencyMs?: number;
  /** Whether it claims to enforce disk sizes (`--storage-opt size`); default false. */
  diskQuota?: boolean;
}

/** Any image reference containing this is "not found", so failure paths can be exercised. */
export const SIMULATED_MISSING_IMAGE_MARK = 'nope';

/** The fixed line every simulated container "logs" once per start. */
export const SIMULATED_LOG_LINE = 'simulated container output';

interface SimContainer {
  id: string;
  uuid: string;
  spec: ContainerCreateSpec;
  imageId: string;
  status: ContainerStatus;
  exitCode: number;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
  pid: number;
  logs: string[];
  resources: ResourceUpdate;
  /** Tars put into the container, by destination path. */
  files: Map<string, Buffer>;
}

interface SimExec {
  uuid: string;
  command: string[];
}

const ONE_GIB_MIB = 1024;
const DIRECTORY_MODE = 2 ** 31 + 0o755;

/**
 * A container engine that exists only in memory. **For scale tests and benchmarks only**: it lets
 * one process stand in for hundreds of compute hosts without Docker. It keeps each container's
 * state consistent the way Docker does (a running container cannot be removed without force, a
 * paused one cannot be paused again, …), answers with the same typed runtime errors, and emits
 * the engine events a compute watches (create, start, die, kill, stop, pause, unpause, restart,
 * destroy). Nothing runs: exec echoes, logs hold one fixed line per start, stats are zeros.
 * Never configure it for a real deployment.
 */
export class SimulatedRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, SimContainer>();
  private readonly images = new Map<string, ImageInfo>();
  private readonly execs = new Map<string, SimExec>();
  /** Named volumes by engine name, with their labels. */
  private readonly volumes = new Map<string, Record<string, string>>();
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private readonly networks = new SimulatedNetworks();
  private nextPid = 1000;
  private readonly cpus: number;
  private readonly memTotalMiB: number;
  private readonly latencyMs: number;
  private readonly diskQuota: boolean;

  constructor(options: SimulatedRuntimeOptions = {}) {
    this.diskQuota = options.diskQuota ?? false;
    this.cpus = options.cpus ?? 8;
    this.memTotalMiB = options.memTotalMiB ?? 16 * ONE_GIB_MIB;
    this.latencyMs = options.latencyMs ?? 0;
  }

  async ensureImage(ref: string, policy: ImagePullPolicy): Promise<string> {
    await this.delay();
    const known = this.images.get(ref);
    if (known && policy !== 'always') return known.id;
    if (ref.includes(SIMULATED_MISSING_IMAGE_MARK) || (policy === 'never' && !known))
      throw new RuntimeImageNotFoundError(`No such image: ${ref}`, 404);
    return this.addImage(ref).id;
  }

  async imageInspect(ref: string): Promise<ImageInfo> {
    await this.delay();
    const image = this.images.get(ref) ?? [...this.images.values()].find((i) => i.id === ref);
    if (!image) throw new RuntimeImageNotFoundError(`No such image: ${ref}`, 404);
    return { ...image, repoTags: [...image.repoTags], repoDigests: [...image.repoDigests] };
  }

  async removeImage(ref: string, force = false): Promise<void> {
    await this.delay();
    const image = this.images.get(ref);
    if (!image) return;
    const user = [...this.containers.values()].find((c) => c.imageId === image.id);
    if (user && !force)
      throw new RuntimeConflictError(
        `conflict: unable to remove repository reference "${ref}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`,
        409,
      );
    this.images.delete(ref);
  }

  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    await this.delay();
    const existing = this.containers.get(spec.uuid);
    if (existing) return existing.id;
    if (spec.image.includes(SIMULATED_MISSING_IMAGE_MARK))
      throw new RuntimeImageNotFoundError(`No such image: ${spec.image}`, 404);
    const image = this.images.get(spec.image) ?? this.addImage(spec.image);
    // Docker makes a missing named volume on create, as a mount names it.
    for (const { volume } of spec.volumes ?? [])
      if (!this.volumes.has(volume)) this.volumes.set(volume, {});
    const container: SimContainer = {
      id: randomBytes(32).toString('hex'),
      uuid: spec.uuid,
      spec: { ...spec },
      imageId: image.id,
      status: 'created',
      exitCode: 0,
      startedAt: undefined,
      finishedAt: undefined,
      pid: 0,
      logs: [],
      resources: { cpu: spec.cpu, memory: spec.memory },
      files: new Map(),
    };
    this.containers.set(spec.uuid, container);
    this.emit(container, 'create');
    return container.id;
  }

  async start(uuid: string): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status === 'running') return; // Docker answers 304: already started.
    if (c.status === 'paused')
      throw new RuntimeConflictError('cannot start a paused container, try unpause instead', 409);
    this.run(c);
  }

  async stop(uuid: string): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status !== 'running' && c.status !== 'paused') return; // 304: already stopped.
    this.emit(c, 'kill', { signal: 'SIGTERM' });
    this.exit(c, 0);
    this.emit(c, 'stop');
    this.autoRemove(c);
  }

  async restart(uuid: string): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status === 'running' || c.status === 'paused') this.exit(c, 0);
    this.run(c);
    this.emit(c, 'restart');
  }

  async kill(uuid: string, signal = 'SIGKILL'): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status !== 'running' && c.status !== 'paused')
      throw new RuntimeConflictError(`Container ${c.id} is not running`, 409);
    this.emit(c, 'kill', { signal });
    this.exit(c, signal === 'SIGKILL' || signal === 'KILL' || signal === '9' ? 137 : 143);
    this.autoRemove(c);
  }

  async pause(uuid: string): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status === 'paused')
      throw new RuntimeConflictError(`Container ${c.id} is already paused`, 409);
    if (c.status !== 'running')
      throw new RuntimeConflictError(`Container ${c.id} is not running`, 409);
    c.status = 'paused';
    this.emit(c, 'pause');
  }

  async unpause(uuid: string): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    if (c.status !== 'paused')
      throw new RuntimeConflictError(`Container ${c.id} is not paused`, 409);
    c.status = 'running';
    this.emit(c, 'unpause');
  }

  async remove(uuid: string, options: RemoveOptions = {}): Promise<void> {
    await this.delay();
    const c = this.containers.get(uuid);
    if (!c) return;
    if ((c.status === 'running' || c.status === 'paused') && !options.force)
      throw new RuntimeConflictError(
        `You cannot remove a ${c.status} container ${c.id}. Stop the container before attempting removal or force remove`,
        409,
      );
    if (c.status === 'running' || c.status === 'paused') {
      this.emit(c, 'kill', { signal: 'SIGKILL' });
      this.exit(c, 137);
    }
    this.destroy(c);
  }

  async inspect(uuid: string): Promise<ContainerSnapshot> {
    await this.delay();
    return this.snapshot(this.get(uuid));
  }

  async list(): Promise<ContainerSnapshot[]> {
    await this.delay();
    return [...this.containers.values()].map((c) => this.snapshot(c));
  }

  async logs(uuid: string, options: LogOptions = {}): Promise<Readable> {
    await this.delay();
    const c = this.get(uuid);
    if (options.stdout === false) return Readable.from([]);
    const tail =
      options.tail === undefined || options.tail === 'all' ? c.logs.length : options.tail;
    const lines = c.logs.slice(Math.max(0, c.logs.length - tail));
    return Readable.from(lines.map((line) => Buffer.from(`${line}\n`)));
  }

  async exec(uuid: string, command: string[]): Promise<ExecResult> {
    await this.delay();
    this.running(uuid);
    return echo(command);
  }

  async execCreate(uuid: string, command: string[], _options?: ExecCreateOptions): Promise<string> {
    await this.delay();
    this.running(uuid);
    const id = randomBytes(32).toString('hex');
    this.execs.set(id, { uuid, command: [...command] });
    return id;
  }

  async execStart(execId: string): Promise<NodeJS.ReadWriteStream> {
    await this.delay();
    const exec = this.execs.get(execId);
    if (!exec) throw new RuntimeError(`No such exec instance: ${execId}`, 404);
    this.running(exec.uuid);
    return echoStream();
  }

  async execInspect(execId: string): Promise<ExecState> {
    await this.delay();
    if (!this.execs.has(execId)) throw new RuntimeError(`No such exec instance: ${execId}`, 404);
    return { running: false, exitCode: 0 };
  }

  async execKill(): Promise<void> {
    await this.delay();
  }

  async execResize(uuid: string, execId: string): Promise<void> {
    await this.delay();
    if (this.execs.get(execId)?.uuid !== uuid)
      throw new RuntimeError(`No such exec instance: ${execId}`, 404);
  }

  async attach(uuid: string): Promise<NodeJS.ReadWriteStream> {
    await this.delay();
    this.get(uuid);
    return echoStream();
  }

  async resize(uuid: string): Promise<void> {
    await this.delay();
    this.running(uuid);
  }

  async top(uuid: string): Promise<TopResult> {
    await this.delay();
    const c = this.running(uuid);
    const cmd = [...(c.spec.entrypoint ?? []), ...(c.spec.command ?? ['/bin/sh'])].join(' ');
    return {
      Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
      Processes: [['root', String(c.pid), '1', '0', '00:00', '?', '00:00:00', cmd]],
    };
  }

  async stats(uuid: string): Promise<ContainerStatsResult> {
    await this.delay();
    const c = this.get(uuid);
    return {
      'CPU %': 0,
      'MEM USAGE(MiB)': 0,
      'MEM LIMIT(MiB)': c.resources.memory ?? this.memTotalMiB,
      'MEM %': 0,
      'BLOCK I/O(B)': '0/0',
      'NET I/O(B)': '0/0',
    };
  }

  async getArchive(uuid: string, path: string): Promise<ArchiveResult> {
    await this.delay();
    const c = this.get(uuid);
    const data = c.files.get(path);
    if (!data) throw new RuntimeError(`Could not find the file ${path} in container ${c.id}`, 404);
    return {
      tar: Readable.from([data]),
      stat: {
        name: path.split('/').filter(Boolean).pop() ?? '/',
        size: data.length,
        mode: DIRECTORY_MODE,
        mtime: new Date().toISOString(),
        linkTarget: '',
      },
    };
  }

  async putArchive(uuid: string, path: string, tar: Buffer): Promise<void> {
    await this.delay();
    this.get(uuid).files.set(path, Buffer.from(tar));
  }

  async update(uuid: string, resources: ResourceUpdate): Promise<void> {
    await this.delay();
    const c = this.get(uuid);
    c.resources = { ...c.resources, ...resources };
  }

  async commit(uuid: string, repository: string, tag = 'latest'): Promise<string> {
    await this.delay();
    this.get(uuid);
    return this.addImage(`${repository}:${tag}`).id;
  }

  async ensureNetwork(project: string, name: string): Promise<string> {
    await this.delay();
    return this.networks.ensure(project, name);
  }

  /** A simulated engine makes no Linux bridges: nothing for a firewall to guard. */
  async networkBridges(): Promise<NetworkBridge[]> {
    await this.delay();
    return [];
  }

  async connectNetwork(uuid: string, network: string): Promise<void> {
    await this.delay();
    this.get(uuid);
    this.networks.connect(uuid, network);
  }

  async disconnectNetwork(uuid: string, network: string): Promise<void> {
    await this.delay();
    this.get(uuid);
    this.networks.disconnect(uuid, network);
  }

  async ensureVolume(spec: VolumeSpec): Promise<VolumeEnsured> {
    await this.delay();
    if (this.volumes.has(spec.name)) return { name: spec.name, created: false };
    this.volumes.set(spec.name, { ...spec.labels });
    return { name: spec.name, created: true };
  }

  /** As Docker: a volume that any container (running or not) mounts cannot be removed. */
  async removeVolume(name: string): Promise<void> {
    await this.delay();
    const user = [...this.containers.values()].find((c) =>
      (c.spec.volumes ?? []).some((v) => v.volume === name),
    );
    if (user)
      throw new RuntimeConflictError(`remove ${name}: volume is in use - [${user.id}]`, 409);
    this.volumes.delete(name);
  }

  events(onEvent: (event: RuntimeEvent) => void, _options?: EventWatchOptions): EventSubscription {
    this.listeners.add(onEvent);
    return { ready: Promise.resolve(), stop: () => this.listeners.delete(onEvent) };
  }

  async storage(): Promise<StorageSupport> {
    await this.delay();
    const reason = this.diskQuota ? 'simulated: claims disk quotas' : 'simulated: no quotas';
    return { diskQuota: this.diskQuota, volumeSize: false, reason };
  }

  async info(): Promise<HostInfo> {
    await this.delay();
    return {
      cpus: this.cpus,
      memTotalMiB: this.memTotalMiB,
      os: 'Berth simulated engine',
      osType: 'linux',
      kernelVersion: 'simulated',
      architecture: 'x86_64',
      runtimes: ['runc'],
      defaultRuntime: 'runc',
      serverVersion: 'simulated',
      containers: this.containers.size,
    };
  }

  private addImage(ref: string): ImageInfo {
    const image: ImageInfo = {
      id: `sha256:${createHash('sha256').update(ref).digest('hex')}`,
      size: 2 * 1024 * 1024,
      repoTags: [ref],
      repoDigests: [],
    };
    this.images.set(ref, image);
    return image;
  }

  private get(uuid: string): SimContainer {
    const c = this.containers.get(uuid);
    if (!c)
      throw new RuntimeContainerNotFoundError(`No such container: ${dockerNameOf(uuid)}`, 404);
    return c;
  }

  private running(uuid: string): SimContainer {
    const c = this.get(uuid);
    if (c.status === 'paused')
      throw new RuntimeConflictError(
        `Container ${c.id} is paused, unpause the container before exec`,
        409,
      );
    if (c.status !== 'running')
      throw new RuntimeConflictError(`Container ${c.id} is not running`, 409);
    return c;
  }

  private run(c: SimContainer): void {
    c.status = 'running';
    c.exitCode = 0;
    c.pid = this.nextPid++;
    c.startedAt = new Date();
    c.logs.push(SIMULATED_LOG_LINE);
    this.emit(c, 'start');
  }

  /** The process ends. */
  private exit(c: SimContainer, exitCode: number): void {
    c.status = 'exited';
    c.exitCode = exitCode;
    c.pid = 0;
    c.finishedAt = new Date();
    this.emit(c, 'die', { exitCode });
  }

  /** An auto-remove container goes once its process has ended, as Docker's --rm does. */
  private autoRemove(c: SimContainer): void {
    if (c.spec.autoRemove && this.containers.get(c.uuid) === c) this.destroy(c);
  }

  private destroy(c: SimContainer): void {
    this.containers.delete(c.uuid);
    this.networks.forget(c.uuid);
    for (const [id, exec] of this.execs) if (exec.uuid === c.uuid) this.execs.delete(id);
    this.emit(c, 'destroy');
  }

  private snapshot(c: SimContainer): ContainerSnapshot {
    return {
      dockerId: c.id,
      uuid: c.uuid,
      dockerName: dockerNameOf(c.uuid),
      image: c.imageId,
      status: c.status,
      exitCode: c.exitCode,
      oomKilled: false,
      error: '',
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      restartCount: 0,
      pid: c.pid,
      addresses: [],
      ports: [],
      labels: {
        ...(c.spec.labels ?? {}),
        [LABEL_UUID]: c.uuid,
        [LABEL_PROJECT]: c.spec.project,
        ...(c.spec.name === undefined ? {} : { [LABEL_NAME]: c.spec.name }),
      },
      health: undefined,
    };
  }

  private emit(
    c: SimContainer,
    action: RuntimeEventAction,
    extra: Pick<RuntimeEvent, 'exitCode' | 'signal'> = {},
  ): void {
    const event: RuntimeEvent = {
      uuid: c.uuid,
      dockerId: c.id,
      action,
      time: new Date(),
      ...extra,
    };
    // Docker delivers its events asynchronously, after the call that caused them has answered.
    for (const listener of this.listeners) queueMicrotask(() => listener(event));
  }

  private async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }
}

/** `echo a b` prints "a b"; `true` prints nothing; `false` exits 1; anything else echoes itself. */
function echo(command: string[]): ExecResult {
  const [cmd, ...args] = command;
  const done = { droppedBytes: 0, timedOut: false };
  if (cmd === 'echo') return { output: `${args.join(' ')}\n`, exitCode: 0, ...done };
  if (cmd === 'true') return { output: '', exitCode: 0, ...done };
  if (cmd === 'false') return { output: '', exitCode: 1, ...done };
  return { output: `${command.join(' ')}\n`, exitCode: 0, ...done };
}

/** A two-way stream that sends back whatever is written to it. */
function echoStream(): NodeJS.ReadWriteStream {
  return new PassThrough();
}
