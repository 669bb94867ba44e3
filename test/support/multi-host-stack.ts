import Docker from 'dockerode';
import { BerthStack, login, startTestApp } from './berth-stack';

/** The second engine provisioning starts for tests (scripts/provision.sh --for-tests). */
export const DOCKER_B = process.env.BERTH_DOCKER_B ?? 'unix:///var/run/berth-docker-b.sock';

export const HOST_A = 'host-a';
export const HOST_B = 'host-b';
export type HostName = typeof HOST_A | typeof HOST_B;

/** Each host's engine: host-a the default one, host-b the second. */
const ENDPOINTS: Record<HostName, string | undefined> = { [HOST_A]: undefined, [HOST_B]: DOCKER_B };

/**
 * Berth with two compute hosts in one process: `host-a` on the default engine, `host-b` on the
 * second engine. Both use network mode `none`, as engine b's bridge reaches nothing outside.
 */
export class MultiHostStack extends BerthStack {
  /** `hosts`: which computes to run (a test that needs one host should not need engine b). */
  static async startHosts(hosts: readonly HostName[] = [HOST_A, HOST_B]): Promise<MultiHostStack> {
    const computes = hosts.map((hostname) => ({
      hostname,
      docker: ENDPOINTS[hostname],
      networkMode: 'none' as const,
    }));
    const app = await startTestApp(computes);
    const token = await login(app.url, 'admin', app.adminPassword, 'admin');
    return new MultiHostStack(app, computes, token).whenHostsRegistered();
  }

  /** Whether the Docker container of `uuid` exists on `host`'s engine. */
  async existsOn(host: HostName, uuid: string): Promise<boolean> {
    const engine = this.engines.get(host) ?? new Docker({ socketPath: socketOf(ENDPOINTS[host]) });
    return engine
      .getContainer(`berth-${uuid}`)
      .inspect()
      .then(
        () => true,
        () => false,
      );
  }
}

function socketOf(endpoint: string | undefined): string {
  return (endpoint ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
}
