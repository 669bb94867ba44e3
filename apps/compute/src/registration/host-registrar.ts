import { randomUUID } from 'node:crypto';
import { statfs } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import {
  evolveHost,
  hostStream,
  initialHostState,
  registerHost,
  type HostEvent,
} from '@berth/domain';
import type { ContainerRuntime, EventStore } from '@berth/drivers';
import type { Pool } from 'pg';
import type { ComputeConfig } from '../compute.config';
import { Heartbeats } from './heartbeats';

/**
 * Registers this host on its `host-<name>` stream (capacity as the engine reports it) and keeps the
 * `zun-compute` service row's heartbeat fresh. Heartbeats are telemetry, so they bypass the log;
 * the hosts of one process beat together (see Heartbeats).
 */
export class HostRegistrar {
  private readonly logger = new Logger(HostRegistrar.name);
  private readonly heartbeats: Heartbeats;

  constructor(
    private readonly store: EventStore,
    private readonly runtime: ContainerRuntime,
    pool: Pool,
    opsSchema: string,
    private readonly config: ComputeConfig,
  ) {
    this.heartbeats = Heartbeats.of(pool, opsSchema);
  }

  async start(): Promise<void> {
    await this.register();
    await this.heartbeats.join(this.config.hostname, this.config.availabilityZone);
  }

  stop(): void {
    this.heartbeats.leave(this.config.hostname);
  }

  private async register(): Promise<void> {
    const stream = hostStream(this.config.hostname);
    const recorded = await this.store.readStream(stream).catch(() => []);
    const state = (recorded as unknown as HostEvent[]).reduce(evolveHost, initialHostState);
    const [engine, storage] = await Promise.all([this.runtime.info(), this.runtime.storage()]);
    const disk = await statfs('/');
    const events = registerHost(
      state,
      {
        hostname: this.config.hostname,
        uuid: state.info?.uuid ?? randomUUID(),
        cpus: engine.cpus,
        mem_total: engine.memTotalMiB,
        disk_total: Math.floor((disk.blocks * disk.bsize) / 1024 ** 3),
        architecture: engine.architecture,
        os_type: engine.osType,
        os: engine.os,
        kernel_version: engine.kernelVersion,
        runtimes: engine.runtimes,
        labels: this.config.labels,
        availability_zone: this.config.availabilityZone,
        docker_endpoint: this.config.advertisedDocker,
        // Creates asking for a disk or volume size are placed only where it is enforced.
        storage: { disk_quota: storage.diskQuota, volume_size: storage.volumeSize },
      },
      new Date().toISOString(),
    );
    if (events.length === 0) return;
    await this.store.append(
      stream,
      events.map((event) => ({
        ...event,
        metadata: {
          request_id: `register-${this.config.hostname}`,
          global_request_id: null,
          user_id: 'berth-compute',
          project_id: 'service',
          correlation_id: this.config.hostname,
          causation_id: null,
        },
      })),
      // Claims land on this stream concurrently; a registration contends with none of them.
      'any',
    );
    this.logger.log(
      `registered host ${this.config.hostname} (${engine.cpus} CPUs, ${engine.memTotalMiB} MiB; ` +
        `disk sizes ${storage.diskQuota ? '' : 'not '}enforced: ${storage.reason})`,
    );
  }
}
