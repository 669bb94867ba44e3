import type { INestApplicationContext } from '@nestjs/common';
import type { ContainerRuntime, EventStore } from '@berth/drivers';
import {
  ConsumerCheckpoints,
  ContainerRepository,
  EVENT_STORE,
  PG_POOL,
  PLATFORM_CONFIG,
  RuntimeDirectory,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import type { ComputeConfig } from '../../apps/compute/src/compute.config';
import { runtimeFor } from '../../apps/compute/src/compute.providers';
import { KeyedQueue } from '../../apps/compute/src/dispatch/keyed-queue';
import { DockerObserver } from '../../apps/compute/src/observer/docker-observer';
import { HostRegistrar } from '../../apps/compute/src/registration/host-registrar';
import { RequestConsumer } from '../../apps/compute/src/requests/request-consumer';
import {
  RequestProcessor,
  type ComputeTrigger,
} from '../../apps/compute/src/requests/request-processor';

interface FleetHost {
  config: ComputeConfig;
  runtime: ContainerRuntime;
  registrar: HostRegistrar;
  observer: DockerObserver;
  processor: RequestProcessor;
}

/**
 * Many simulated compute hosts in one process (fleet-main.ts), for the scale bench only. Each host has what a
 * ComputeService has — its own runtime (built by the same `runtimeFor`), HostRegistrar (register +
 * heartbeat every 10 s), DockerObserver and RequestProcessor — but they share one request
 * subscription and one per-container queue: the consumer hands each request to the processor of
 * the host it was placed on. That replaces N log subscriptions (each reading every request event
 * of the log) with one; the per-request work is the same code a lone compute runs.
 * Not run: BootReconciler (a fresh database has nothing to reconcile).
 */
export class SimulatedFleet {
  private readonly hosts = new Map<string, FleetHost>();
  private readonly queue: KeyedQueue;
  private readonly consumer: RequestConsumer;
  private readonly containers: ContainerRepository;
  private readonly directory: RuntimeDirectory;
  private readonly store: EventStore;
  private readonly pool: Pool;
  private readonly platform: PlatformConfig;
  /** Requests handed to a host of this fleet, and ones for hosts it does not own. */
  readonly counts = { dispatched: 0, foreign: 0 };

  constructor(
    app: INestApplicationContext,
    configs: readonly ComputeConfig[],
    concurrency: number,
    /** The request subscription's checkpoint name: one per fleet process. */
    consumerName = 'compute:simulated-fleet',
  ) {
    this.store = app.get<EventStore>(EVENT_STORE, { strict: false });
    this.pool = app.get<Pool>(PG_POOL, { strict: false });
    this.platform = app.get<PlatformConfig>(PLATFORM_CONFIG, { strict: false });
    this.containers = app.get(ContainerRepository, { strict: false });
    this.directory = app.get(RuntimeDirectory, { strict: false });
    this.queue = new KeyedQueue(concurrency);
    for (const config of configs) {
      const runtime = runtimeFor(config);
      this.hosts.set(config.hostname, {
        config,
        runtime,
        registrar: new HostRegistrar(
          this.store,
          runtime,
          this.pool,
          this.platform.opsSchema,
          config,
        ),
        observer: new DockerObserver(runtime, this.containers, this.queue),
        processor: new RequestProcessor(this.containers, runtime, config),
      });
    }
    this.consumer = new RequestConsumer(
      consumerName,
      this.store,
      app.get(ConsumerCheckpoints, { strict: false }),
      { process: (uuid, trigger) => this.dispatch(uuid, trigger) },
      this.queue,
    );
  }

  get size(): number {
    return this.hosts.size;
  }

  /** Registers every host (`parallel` at a time), starts heartbeats and observers, then consumes. */
  async start(parallel = 16): Promise<void> {
    const all = [...this.hosts.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < all.length) {
        const host = all[next++];
        this.directory.register(host.config.hostname, host.runtime);
        await host.registrar.start();
        await host.observer.start();
      }
    };
    await Promise.all(Array.from({ length: parallel }, () => worker()));
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    for (const host of this.hosts.values()) {
      host.registrar.stop();
      host.observer.stop();
      this.directory.unregister(host.config.hostname);
    }
    await this.consumer.stop();
  }

  runtimeOf(hostname: string): ContainerRuntime | undefined {
    return this.hosts.get(hostname)?.runtime;
  }

  private async dispatch(uuid: string, trigger: ComputeTrigger): Promise<void> {
    const host = await this.hostOf(uuid, trigger);
    const target = host === undefined ? undefined : this.hosts.get(host);
    if (!target) {
      this.counts.foreign++;
      return;
    }
    this.counts.dispatched++;
    await target.processor.process(uuid, trigger);
  }

  /** A create (or reschedule) names its host; any other request acts where the container is. */
  private async hostOf(uuid: string, trigger: ComputeTrigger): Promise<string | undefined> {
    if (trigger.type === 'ContainerCreateRequested' || trigger.type === 'ContainerRescheduled')
      return trigger.data.host;
    const { state } = await this.containers.load(uuid);
    return state.exists ? state.host : undefined;
  }
}
