import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { PresentContainer } from '@berth/domain';
import { ApiVersion, MicroVersion, Versions } from '../../microversion';
import { Ctx, RequestContext } from '../../request-context';
import { ContainerActions } from '../commands/container-actions';
import { ContainerWriter } from '../commands/container-writer';
import { NoQuery } from '../../input';
import { Policy } from '../../policy';
import { NetworkAttachFailed } from './network-errors';
import {
  toLegacyNetworkList,
  toNetworkList,
  type LegacyNetworkListEntry,
  type NetworkListEntry,
} from './network-list.view';
import {
  NetworkAttachQuery,
  NetworkDetachQuery,
  attachParamsOf,
  detachParamsOf,
} from './network-params';
import { ProjectNetworks } from './project-networks';

/**
 * Zun's network_attach, network_detach and network_list on Berth networks (project-owned Docker
 * bridges, see libs/domain container.networks.ts). Each change is an action: a request event the
 * domain decides, then compute's one outcome.
 */
@Controller('v1/containers')
export class ContainerNetworksController {
  constructor(
    private readonly actions: ContainerActions,
    private readonly writer: ContainerWriter,
    private readonly networks: ProjectNetworks,
  ) {}

  /** Answered once compute has connected the container, as Zun's update is (bounded wait). */
  @Post(':ident/network_attach')
  @Policy('container:network_attach')
  @HttpCode(200)
  @Versions({ min: '1.8' })
  async attach(
    @Param('ident') ident: string,
    @Query() query: NetworkAttachQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const { network } = attachParamsOf(query);
    const requested = await this.actions.on(ident, ctx, async (base, container) => {
      await this.networks.assertExists(container.project_id, network);
      return { type: 'AttachContainerNetwork', data: { ...base, ident, network } };
    });
    const settled = await this.writer.awaitOutcome(requested.uuid, ctx.request_id);
    if (failed(settled, ctx.request_id, network)) {
      throw new NetworkAttachFailed(network, ident, settled.status_reason ?? 'unknown reason');
    }
  }

  @Post(':ident/network_detach')
  @Policy('container:network_detach')
  @HttpCode(202)
  @Versions({ min: '1.6' })
  async detach(
    @Param('ident') ident: string,
    @Query() query: NetworkDetachQuery,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    const { network, port } = detachParamsOf(query);
    await this.actions.on(ident, ctx, async (base, container) => {
      if (network !== null) await this.networks.assertExists(container.project_id, network);
      return { type: 'DetachContainerNetwork', data: { ...base, ident, network, port } };
    });
  }

  /** The 1.18 shape groups addresses by port; 1.13-1.17 get Zun's older flat one. */
  @Get(':ident/network_list')
  @Policy('container:network_list')
  @Versions({ min: '1.13' })
  async list(
    @Param('ident') ident: string,
    @Query() _query: NoQuery,
    @ApiVersion() version: MicroVersion,
    @Ctx() ctx: RequestContext,
  ): Promise<{ networks: NetworkListEntry[] | LegacyNetworkListEntry[] }> {
    const container = await this.actions.find(ident, ctx);
    return {
      networks: version.isAtLeast('1.18')
        ? toNetworkList(container.addresses)
        : toLegacyNetworkList(container.addresses),
    };
  }
}

/**
 * Settled, and the network is not there: the attach failed (compute's reason is the status
 * reason). Still pending past the wait is not a failure: the attach goes on, as Zun's cast would.
 */
function failed(state: PresentContainer, request_id: string, network: string): boolean {
  if (state.pending?.request_id === request_id) return false;
  return !Object.prototype.hasOwnProperty.call(state.addresses, network);
}
