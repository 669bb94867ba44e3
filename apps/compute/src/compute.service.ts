import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { ContainerRuntime } from '@berth/drivers';
import { ReadinessChecks, RuntimeDirectory } from '@berth/platform';
import { COMPUTE_CONFIG, type ComputeConfig } from './compute.config';
import { COMPUTE_RUNTIME, TENANT_FIREWALL } from './compute.providers';
import type { TenantFirewall } from './firewall/tenant-firewall';
import { DockerObserver } from './observer/docker-observer';
import { BootReconciler } from './reconciler/boot-reconciler';
import { HostRegistrar } from './registration/host-registrar';
import { ImageRequestWorker } from './requests/handlers/image.handlers';
import { RequestConsumer } from './requests/request-consumer';

/** One compute: registers its host, watches its engine, and answers the requests placed on it. */
@Injectable()
export class ComputeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ComputeService.name);
  private sync: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COMPUTE_CONFIG) private readonly config: ComputeConfig,
    @Inject(COMPUTE_RUNTIME) private readonly runtime: ContainerRuntime,
    @Inject(TENANT_FIREWALL) private readonly firewall: TenantFirewall | null,
    private readonly registrar: HostRegistrar,
    private readonly observer: DockerObserver,
    private readonly reconciler: BootReconciler,
    private readonly consumer: RequestConsumer,
    private readonly images: ImageRequestWorker,
    private readonly directory: RuntimeDirectory,
    private readonly readiness: ReadinessChecks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Before anything can start a container here: tenants walled off from the host and each other.
    await this.firewall?.start(await this.runtime.networkBridges()).catch((error: Error) => {
      throw new Error(
        `compute ${this.config.hostname} cannot install its tenant firewall (${error.message}); ` +
          'it needs root and iptables beside its engine, or BERTH_FIREWALL=off to run without it',
        { cause: error },
      );
    });
    this.directory.register(this.config.hostname, this.runtime);
    await this.registrar.start();
    // Watch first, then catch up with what Docker did while compute was down, then take requests:
    // the reconciler and the observer share the per-container queue, so neither misses a fact.
    await this.observer.start();
    await this.reconciler
      .run()
      .catch((error: Error) => this.logger.error(`boot reconciliation failed: ${error.message}`));
    await this.consumer.start();
    await this.images.start();
    this.startSync();
    this.readiness.add({
      name: `engine:${this.config.hostname}`,
      check: async () => ({ cpus: (await this.runtime.info()).cpus }),
    });
    this.logger.log(`compute ${this.config.hostname} ready`);
  }

  /** What no Docker event told (or one missed while reconnecting) is caught up periodically. */
  private startSync(): void {
    const seconds = this.config.syncSeconds ?? 60;
    if (seconds <= 0) return;
    let running = false;
    this.sync = setInterval(() => {
      if (running) return;
      running = true;
      void Promise.all([
        this.reconciler
          .sync()
          .catch((error: Error) => this.logger.warn(`sync failed: ${error.message}`)),
        this.syncFirewall(),
      ]).finally(() => (running = false));
    }, seconds * 1000);
  }

  /** Rules someone flushed, or bridges made behind Berth's back, are put right. */
  private async syncFirewall(): Promise<void> {
    if (!this.firewall) return;
    try {
      await this.firewall.sync(await this.runtime.networkBridges());
    } catch (error) {
      this.logger.error(`tenant firewall check failed: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.readiness.remove(`engine:${this.config.hostname}`);
    if (this.sync) clearInterval(this.sync);
    this.registrar.stop();
    this.observer.stop();
    await this.consumer.stop();
    await this.images.stop();
    this.directory.unregister(this.config.hostname);
  }
}
