import type { Provider } from '@nestjs/common';
import {
  DEFAULT_DOCKER_TIMEOUTS,
  DockerRuntime,
  SimulatedRuntime,
  type ContainerRuntime,
  type DockerTimeouts,
  type EventStore,
} from '@berth/drivers';
import {
  ConsumerCheckpoints,
  ContainerRepository,
  EVENT_STORE,
  ImageRepository,
  PG_POOL,
  PLATFORM_CONFIG,
  timeRuntimeCalls,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { COMPUTE_CONFIG, type ComputeConfig } from './compute.config';
import { KeyedQueue } from './dispatch/keyed-queue';
import { firewallFor } from './firewall/firewall-for';
import type { TenantFirewall } from './firewall/tenant-firewall';
import { DockerObserver } from './observer/docker-observer';
import { BootReconciler, ReadTableContainers } from './reconciler/boot-reconciler';
import { HostRegistrar } from './registration/host-registrar';
import { ImageRequestWorker } from './requests/handlers/image.handlers';
import { RequestConsumer } from './requests/request-consumer';
import { RequestProcessor } from './requests/request-processor';

/** The host's engine, every call timed; the firewall guards each project network it makes. */
export const COMPUTE_RUNTIME = Symbol('COMPUTE_RUNTIME');
/** The host's tenant firewall, or null where it is off. */
export const TENANT_FIREWALL = Symbol('TENANT_FIREWALL');

/**
 * Docker unless the config asks for the simulated engine (scale tests only); the firewall guards
 * each project network before a container joins it.
 */
export function runtimeFor(
  config: ComputeConfig,
  timeouts: DockerTimeouts = DEFAULT_DOCKER_TIMEOUTS,
  firewall: TenantFirewall | null = null,
): ContainerRuntime {
  if (config.runtime === 'simulated') return new SimulatedRuntime(config.simulated);
  return new DockerRuntime(
    config.docker,
    timeouts,
    firewall ? (bridge) => firewall.guard(bridge) : undefined,
  );
}

/**
 * One compute's collaborators, each built once by Nest. The classes stay plain (the benches and
 * tests build them by hand around a simulated engine); only their wiring lives here.
 */
export function computeProviders(config: ComputeConfig): Provider[] {
  return [
    { provide: COMPUTE_CONFIG, useValue: config },
    { provide: TENANT_FIREWALL, useFactory: () => firewallFor(config) },
    {
      provide: COMPUTE_RUNTIME,
      inject: [PLATFORM_CONFIG, TENANT_FIREWALL],
      useFactory: (platform: PlatformConfig, firewall: TenantFirewall | null) =>
        timeRuntimeCalls(runtimeFor(config, platform.dockerTimeouts, firewall)),
    },
    // The observer, the reconciler and the requests share it: one container, one thing at a time.
    { provide: KeyedQueue, useFactory: () => new KeyedQueue(config.concurrency) },
    {
      provide: HostRegistrar,
      inject: [EVENT_STORE, COMPUTE_RUNTIME, PG_POOL, PLATFORM_CONFIG],
      useFactory: (
        store: EventStore,
        runtime: ContainerRuntime,
        pool: Pool,
        platform: PlatformConfig,
      ) => new HostRegistrar(store, runtime, pool, platform.opsSchema, config),
    },
    {
      provide: DockerObserver,
      inject: [COMPUTE_RUNTIME, ContainerRepository, KeyedQueue],
      useFactory: (runtime: ContainerRuntime, containers: ContainerRepository, queue: KeyedQueue) =>
        new DockerObserver(runtime, containers, queue),
    },
    {
      provide: BootReconciler,
      inject: [COMPUTE_RUNTIME, ContainerRepository, PG_POOL, PLATFORM_CONFIG, KeyedQueue],
      useFactory: (
        runtime: ContainerRuntime,
        containers: ContainerRepository,
        pool: Pool,
        platform: PlatformConfig,
        queue: KeyedQueue,
      ) =>
        new BootReconciler(
          config.hostname,
          runtime,
          containers,
          new ReadTableContainers(pool, platform.readSchema),
          queue,
        ),
    },
    {
      provide: RequestProcessor,
      inject: [ContainerRepository, COMPUTE_RUNTIME],
      useFactory: (containers: ContainerRepository, runtime: ContainerRuntime) =>
        new RequestProcessor(containers, runtime, config),
    },
    {
      provide: RequestConsumer,
      inject: [EVENT_STORE, ConsumerCheckpoints, RequestProcessor, KeyedQueue],
      useFactory: (
        store: EventStore,
        checkpoints: ConsumerCheckpoints,
        processor: RequestProcessor,
        queue: KeyedQueue,
      ) => new RequestConsumer(`compute:${config.hostname}`, store, checkpoints, processor, queue),
    },
    {
      provide: ImageRequestWorker,
      inject: [EVENT_STORE, ImageRepository, ConsumerCheckpoints, COMPUTE_RUNTIME],
      useFactory: (
        store: EventStore,
        images: ImageRepository,
        checkpoints: ConsumerCheckpoints,
        runtime: ContainerRuntime,
      ) => new ImageRequestWorker(config.hostname, store, images, checkpoints, runtime),
    },
  ];
}
