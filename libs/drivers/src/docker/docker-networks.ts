import type Dockerode from 'dockerode';
import { dockerNameOf } from './labels';
import {
  LABEL_NETWORK,
  LABEL_NETWORK_PROJECT,
  bridgeInterfaceOf,
  projectNetworkName,
  type NetworkBridge,
} from './network-names';
import { RuntimeError, statusOf, translateDockerError, withDockerErrors } from './runtime.errors';

/**
 * Told of a project network each time a container is about to join it, before it does: the
 * firewall's hook. It is asked again on every create (a cache makes that cheap), so a failure
 * once, or a network someone removed and Berth made again, never leaves a bridge unguarded.
 */
export type NetworkGuard = (bridge: NetworkBridge) => Promise<void>;

/**
 * Project networks on one engine: user-defined bridges made on first use and never removed by
 * Berth (a network is a project resource; deleting a container leaves it).
 */
export class DockerNetworks {
  /** One creation per Docker name at a time, so two creates naming a new network join. */
  private readonly ensuring = new Map<string, Promise<string>>();

  constructor(
    private readonly engine: Dockerode,
    private readonly guard?: NetworkGuard,
  ) {}

  /** Every project network Berth made on this engine, with its Linux bridge. */
  async bridges(): Promise<NetworkBridge[]> {
    const networks = await withDockerErrors(() =>
      this.engine.listNetworks({ filters: { label: [LABEL_NETWORK] } }),
    );
    return networks
      .filter((n) => n.Driver === 'bridge')
      .map((n) => ({ network: n.Name, bridge: bridgeInterfaceOf(n) }));
  }

  /** Returns the Docker name of `project`'s network `name`, creating the bridge if absent. */
  ensure(project: string, name: string): Promise<string> {
    const dockerName = projectNetworkName(project, name);
    const running = this.ensuring.get(dockerName);
    if (running) return running;
    const made = this.findOrCreate(dockerName, project, name)
      .then(async (info) => {
        await this.guard?.({ network: dockerName, bridge: bridgeInterfaceOf(info) });
        return dockerName;
      })
      .finally(() => this.ensuring.delete(dockerName));
    this.ensuring.set(dockerName, made);
    return made;
  }

  /** Connecting a container already on the network succeeds: compute may retry a request. */
  async connect(uuid: string, network: string): Promise<void> {
    if (await this.isConnected(uuid, network)) return;
    await withDockerErrors(() =>
      this.engine.getNetwork(network).connect({ Container: dockerNameOf(uuid) }),
    );
  }

  /** Disconnecting a container that is not on the network succeeds, for the same reason. */
  async disconnect(uuid: string, network: string): Promise<void> {
    if (!(await this.isConnected(uuid, network))) return;
    await withDockerErrors(() =>
      this.engine.getNetwork(network).disconnect({ Container: dockerNameOf(uuid), Force: false }),
    );
  }

  private async isConnected(uuid: string, network: string): Promise<boolean> {
    const info = await withDockerErrors(() =>
      this.engine.getContainer(dockerNameOf(uuid)).inspect(),
    );
    return Object.prototype.hasOwnProperty.call(info.NetworkSettings?.Networks ?? {}, network);
  }

  private async findOrCreate(
    dockerName: string,
    project: string,
    name: string,
  ): Promise<NetworkIdentity> {
    const existing = await this.inspect(dockerName);
    if (existing) return checkOwner(existing, dockerName, project, name);
    try {
      // CheckDuplicate: Docker before API 1.44 otherwise lets two networks share a name.
      const made = await this.engine.createNetwork({
        Name: dockerName,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL_NETWORK_PROJECT]: project, [LABEL_NETWORK]: name },
      });
      return { Id: made.id };
    } catch (err) {
      // Another process on this engine made it meanwhile: use it if it is the same network.
      if (statusOf(err) !== 409) throw translateDockerError(err);
    }
    const raced = await this.inspect(dockerName);
    if (!raced) throw new RuntimeError(`Docker network ${dockerName} could not be created`);
    return checkOwner(raced, dockerName, project, name);
  }

  private async inspect(dockerName: string): Promise<Dockerode.NetworkInspectInfo | null> {
    try {
      return await this.engine.getNetwork(dockerName).inspect();
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw translateDockerError(err);
    }
  }
}

/**
 * A network of that name that Berth did not make for this project (an operator's, or anyone's)
 * is never joined: that would put the container on someone else's L2.
 */
function checkOwner(
  info: Dockerode.NetworkInspectInfo,
  dockerName: string,
  project: string,
  name: string,
): NetworkIdentity {
  const labels = info.Labels ?? {};
  if (
    info.Name !== dockerName ||
    info.Driver !== 'bridge' ||
    labels[LABEL_NETWORK_PROJECT] !== project ||
    labels[LABEL_NETWORK] !== name
  ) {
    throw new RuntimeError(
      `Docker network ${dockerName} exists on this host but is not Berth's network '${name}' ` +
        `of this project; refusing to connect the container to it.`,
    );
  }
  return info;
}

/** What names a network's bridge interface. */
type NetworkIdentity = Parameters<typeof bridgeInterfaceOf>[0];
