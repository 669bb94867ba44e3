import { Injectable } from '@nestjs/common';
import { HOST_STREAM_PREFIX, isHostEvent, type HostEvent } from '@berth/domain';
import { HostRow, formatPosition, type HostClaimUsage, type RecordedEvent } from '@berth/drivers';
import type { Projection, ProjectionBatch } from '../runner/projection';
import type { ProjectionMemory } from '../runner/projection-memory';
import { FoldedRows, type FoldedRowsTable } from '../sql/folded-rows';
import { tablePath } from '../sql/table-path';

type Recorded = RecordedEvent & HostEvent;

const HOSTS: FoldedRowsTable<HostRow, HostRow> = {
  entity: HostRow,
  key: 'hostname',
  load: async (tx, hostnames) => {
    const rows: HostRow[] = await tx.query(
      `SELECT * FROM ${tablePath(tx, HostRow)} WHERE hostname = ANY($1::text[])`,
      [hostnames],
    );
    return new Map(rows.map((row) => [row.hostname, row]));
  },
  toRow: withSums,
};

/**
 * The hosts table: one row per registered compute host, its last reported capacity, and the sums
 * of the capacity claims on its stream (what Zun's host-list shows as *_used). A batch folds its
 * events into the rows it touches and writes each once (a rebuild: once per flush, see
 * FoldedRows): a host's claim map holds every container on it, so rewriting it per event would
 * cost time in proportion to the host's containers for every placement.
 */
@Injectable()
export class HostsProjection implements Projection {
  readonly name = 'hosts';

  async apply(events: readonly RecordedEvent[], batch: ProjectionBatch): Promise<void> {
    const mine = events.filter(
      (event): event is Recorded =>
        event.stream.startsWith(HOST_STREAM_PREFIX) && isHostEvent(event),
    );
    if (mine.length === 0) return;
    const { tx, memory } = batch;
    const hosts = this.folded(memory);
    await hosts.touch(
      tx,
      mine.map((event) => event.stream.slice(HOST_STREAM_PREFIX.length)),
    );
    for (const event of mine) {
      if (event.type === 'HostRegistered') await this.registered(event, batch, hosts);
      else this.claimed(event, hosts);
    }
    if (!memory.rebuild) await hosts.write(batch);
  }

  async flush(batch: ProjectionBatch): Promise<void> {
    await this.folded(batch.memory).write(batch);
  }

  /** A rebuild's hosts start with an empty table; the live runner's are a cache of rows. */
  private folded(memory: ProjectionMemory): FoldedRows<HostRow, HostRow> {
    return memory.slot(this.name, () => new FoldedRows(HOSTS, memory.rebuild));
  }

  /** A (re-)registration replaces the reported capacity and keeps the host's claims. */
  private async registered(
    recorded: Extract<Recorded, { type: 'HostRegistered' }>,
    batch: ProjectionBatch,
    hosts: FoldedRows<HostRow, HostRow>,
  ): Promise<void> {
    const { at: _at, hostname, uuid, cpus, mem_total, disk_total, ...info } = recorded.data;
    const reported = {
      hostname,
      uuid,
      cpus,
      mem_total,
      disk_total,
      info,
      position: formatPosition(recorded.position),
      created_at: recorded.createdAt,
      updated_at: recorded.createdAt,
    };
    const known = hosts.get(hostname);
    if (known) {
      hosts.set(hostname, { ...known, ...reported });
      return;
    }
    // A new host is inserted as it always was, so the table's own defaults start its claim
    // columns; it is folded on from the row that made.
    const tx = await batch.transaction();
    await tx.upsert(HostRow, reported, {
      conflictPaths: ['hostname'],
      skipUpdateIfNoValuesChanged: false,
    });
    await hosts.reload(tx, [hostname]);
  }

  /** Claims and releases change the host's claim map; a repeat changes nothing. */
  private claimed(
    recorded: Exclude<Recorded, { type: 'HostRegistered' }>,
    hosts: FoldedRows<HostRow, HostRow>,
  ): void {
    const hostname = recorded.stream.slice(HOST_STREAM_PREFIX.length);
    const row = hosts.get(hostname);
    if (!row) return; // a claim is only ever decided against a registered host
    // Changed in place: the row is this fold's own, read for it or made by it.
    const claims: Record<string, HostClaimUsage> = row.claims ?? {};
    const { container_uuid } = recorded.data;
    if (recorded.type === 'CapacityClaimed') {
      const { cpu, memory, disk } = recorded.data;
      claims[container_uuid] = { cpu, memory, disk };
    } else {
      delete claims[container_uuid];
    }
    hosts.set(hostname, {
      ...row,
      claims,
      position: formatPosition(recorded.position),
      updated_at: recorded.createdAt,
    });
  }
}

/**
 * The row with its sums worked out from its claims, in container order so that a live projector
 * and a rebuild, which see the claims arrive in different orders, add the same floats the same way.
 */
function withSums(row: HostRow): HostRow {
  const claims = row.claims ?? {};
  const usages = Object.keys(claims)
    .sort()
    .map((uuid) => claims[uuid]);
  const sum = (pick: (u: HostClaimUsage) => number): number =>
    usages.reduce((total, usage) => total + pick(usage), 0);
  return {
    ...row,
    cpu_used: Math.round(sum((u) => u.cpu) * 1000) / 1000,
    mem_used: sum((u) => u.memory),
    disk_used: sum((u) => u.disk),
    total_containers: usages.length,
  };
}
