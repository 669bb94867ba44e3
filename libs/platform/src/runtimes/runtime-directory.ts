import { Inject, Injectable } from '@nestjs/common';
import { DockerRuntime, HostRow, type ContainerRuntime } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/platform.config';

/**
 * The Docker engines this process can reach, by host name, for the synchronous calls Zun makes to
 * compute (logs, exec, top, stats, archives). A compute in this process registers its engine; for
 * a host whose compute runs elsewhere, the engine endpoint that compute advertised at
 * registration is used, when it advertised one.
 */
@Injectable()
export class RuntimeDirectory {
  private readonly local = new Map<string, ContainerRuntime>();
  private readonly remote = new Map<string, { endpoint: string; runtime: ContainerRuntime }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  register(host: string, runtime: ContainerRuntime): void {
    this.local.set(host, runtime);
  }

  unregister(host: string): void {
    this.local.delete(host);
  }

  get(host: string): ContainerRuntime | undefined {
    return this.local.get(host);
  }

  /** The local engine, else the advertised one; undefined when neither exists. */
  async resolve(host: string): Promise<ContainerRuntime | undefined> {
    const local = this.local.get(host);
    if (local) return local;
    const row = await this.dataSource.manager.findOneBy(HostRow, { hostname: host });
    const endpoint = (row?.info as { docker_endpoint?: string | null } | undefined)
      ?.docker_endpoint;
    if (!endpoint) return undefined;
    const cached = this.remote.get(host);
    if (cached?.endpoint === endpoint) return cached.runtime;
    const runtime = new DockerRuntime(endpoint, this.config.dockerTimeouts);
    this.remote.set(host, { endpoint, runtime });
    return runtime;
  }
}
