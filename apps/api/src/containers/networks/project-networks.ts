import { Injectable } from '@nestjs/common';
import { DEFAULT_PROJECT_NETWORK, DomainError } from '@berth/domain';
import { ContainerRow } from '@berth/drivers';
import { DataSource } from 'typeorm';

/** Zun's NetworkNotFound (404), for a Berth network: no container of the project is on it. */
export class NetworkNotFound extends DomainError {
  readonly code: string = 'network-not-found';
  readonly status: number = 404;
  constructor(readonly network: string) {
    super(`Network ${network} could not be found.`);
  }
}

/**
 * Which networks a project has. A Berth network is made by the first create that names it in
 * `nets`, and is never removed (deleting a container leaves it, see docs/networks-and-volumes.md); so a
 * project has a network once any of its containers, deleted ones included, was created on it or
 * attached to it. Attach and detach name one that exists, as Zun's name a Neutron network that
 * exists: a typo is a 404, not a new bridge. The project's network `default` always exists: it
 * is where its containers created without `nets` go, made on first use on each host.
 */
@Injectable()
export class ProjectNetworks {
  constructor(private readonly dataSource: DataSource) {}

  async assertExists(projectId: string, network: string): Promise<void> {
    if (network === DEFAULT_PROJECT_NETWORK) return;
    const row = await this.dataSource
      .getRepository(ContainerRow)
      .createQueryBuilder('c')
      .select('1', 'found')
      .where('c.project_id = :projectId', { projectId })
      .andWhere(
        `(c.state -> 'spec' -> 'nets' @> jsonb_build_array(jsonb_build_object('network', CAST(:network AS text)))
          OR jsonb_exists(c.state -> 'addresses', :network))`,
        { network },
      )
      .limit(1)
      .getRawOne<{ found: number }>();
    if (row === undefined) throw new NetworkNotFound(network);
  }
}
