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

const HEARTBEAT_MS = 10_000;
const SERVICE_BINARY = 'zun-compute';

/**
 * Registers this host on its `host-<name>` stream (capacity as the engine reports it) and keeps the
 * `zun-compute` service row's heartbeat fresh. Heartbeats are telemetry, so they bypass the log.
 */
export class HostRegistrar {
  private readonly logger = new Logger(HostRegistrar.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly runtime: ContainerRuntime,
    private readonly pool: Pool,
    private readonly opsSchema: string,
    private readonly config: ComputeConfig,
  ) {}

  async start(): Promise<void> {
    await this.register();
    await this.heartbeat();
    this.timer = setInterval(() => {
      this.heartbeat().catch((error: Error) => this.logger.warn(`heartbeat: ${error.message}`));
    }, HEARTBEAT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async register(): Promise<void> {
    const stream = hostStream(this.config.hostname);
    const recorded = await this.store.readStream(stream).catch(() => []);
    const state = (recorded as unknown as HostEvent[]).reduce(evolveHost, initialHostState);
    const engine = await this.runtime.info();
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
      `registered host ${this.config.hostname} (${engine.cpus} CPUs, ${engine.memTotalMiB} MiB)`,
    );
  }

  private async heartbeat(): Promise<void> {
    await this.pool.query(
      `INSERT INTO "${this.opsSchema}".services
         (host, "binary", availability_zone, report_count, last_seen_at, created_at, updated_at)
       VALUES ($1, $2, $3, 1, now(), now(), now())
       ON CONFLICT (host, "binary") DO UPDATE
         SET report_count = services.report_count + 1, last_seen_at = now(), updated_at = now()`,
      [this.config.hostname, SERVICE_BINARY, this.config.availabilityZone],
    );
  }
}
