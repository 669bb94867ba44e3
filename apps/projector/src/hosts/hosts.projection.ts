import { Injectable } from '@nestjs/common';
import { HOST_STREAM_PREFIX, isHostEvent, type HostEvent } from '@berth/domain';
import { HostRow, formatPosition, type HostClaimUsage, type RecordedEvent } from '@berth/drivers';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../runner/projection';

/**
 * The hosts table: one row per registered compute host, its last reported capacity, and the sums
 * of the capacity claims on its stream (what Zun's host-list shows as *_used).
 */
@Injectable()
export class HostsProjection implements Projection {
  readonly name = 'hosts';

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (!recorded.stream.startsWith(HOST_STREAM_PREFIX) || !isHostEvent(recorded)) continue;
      const event: RecordedEvent & HostEvent = recorded;
      if (event.type === 'HostRegistered') await this.registered(event, tx);
      else await this.claimed(event, tx);
    }
  }

  private async registered(
    recorded: RecordedEvent & Extract<HostEvent, { type: 'HostRegistered' }>,
    tx: EntityManager,
  ): Promise<void> {
    const { at: _at, hostname, uuid, cpus, mem_total, disk_total, ...info } = recorded.data;
    await tx.upsert(
      HostRow,
      {
        hostname,
        uuid,
        cpus,
        mem_total,
        disk_total,
        info,
        position: formatPosition(recorded.position),
        created_at: recorded.createdAt,
        updated_at: recorded.createdAt,
      },
      { conflictPaths: ['hostname'], skipUpdateIfNoValuesChanged: false },
    );
  }

  /** Claims and releases rewrite the host's claim map and its sums; a repeat changes nothing. */
  private async claimed(
    recorded: RecordedEvent & Exclude<HostEvent, { type: 'HostRegistered' }>,
    tx: EntityManager,
  ): Promise<void> {
    const hostname = recorded.stream.slice(HOST_STREAM_PREFIX.length);
    const row = await tx.findOneBy(HostRow, { hostname });
    if (!row) return; // a claim is only ever decided against a registered host
    const claims: Record<string, HostClaimUsage> = { ...(row.claims ?? {}) };
    const { container_uuid } = recorded.data;
    if (recorded.type === 'CapacityClaimed') {
      const { cpu, memory, disk } = recorded.data;
      claims[container_uuid] = { cpu, memory, disk };
    } else {
      delete claims[container_uuid];
    }
    const usages = Object.values(claims);
    const sum = (pick: (u: HostClaimUsage) => number): number =>
      usages.reduce((total, usage) => total + pick(usage), 0);
    await tx.update(
      HostRow,
      { hostname },
      {
        claims,
        cpu_used: Math.round(sum((u) => u.cpu) * 1000) / 1000,
        mem_used: sum((u) => u.memory),
        disk_used: sum((u) => u.disk),
        total_containers: usages.length,
        position: formatPosition(recorded.position),
        updated_at: recorded.createdAt,
      },
    );
  }
}
