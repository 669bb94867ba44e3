import type Docker from 'dockerode';
import type { Pool } from 'pg';

/**
 * Columns that change on their own while nothing happens (heartbeats, periodic checkpoint saves):
 * left out of the table digests, each with the reason. Everything else in every table of the
 * run's database is compared row for row. `'*'` leaves a whole table out: for a table whose job
 * is to record refused requests (failed-login counters, rate-limit windows), if one is added.
 */
export const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // Each compute's heartbeat bumps these every few seconds.
  services: ['report_count', 'last_seen_at', 'updated_at'],
  // Consumers save their position on a timer, rewriting the time even when it has not moved.
  consumer_checkpoints: ['updated_at'],
  projection_checkpoints: ['updated_at'],
};

/** Everything the corpus must leave as it found it. */
export interface Snapshot {
  /** Per stream of the event log: its event count and its last global position. */
  streams: Map<string, string>;
  totalEvents: number;
  lastPosition: string;
  /** Per table (`schema.table`): its rows, each as text, sorted. */
  tables: Map<string, string[]>;
  /** The run's Docker objects, each as a stable text. */
  docker: Map<string, string>;
  /** Quota limits and usage per project, and the default class, as the API reports them. */
  quotas: Map<string, string>;
}

export interface SnapshotSources {
  pool: Pool;
  eventsSchema: string;
  docker: Docker;
  /** Projects whose Docker objects (label berth.project) are the run's. */
  projects: readonly string[];
  /** The test image, which must still be on the engine. */
  testImage: string;
  /** GET as admin, answering the parsed JSON body. */
  getJson(path: string): Promise<unknown>;
}

export async function takeSnapshot(s: SnapshotSources): Promise<Snapshot> {
  const [log, tables, docker, quotas] = await Promise.all([
    eventLog(s),
    tableRows(s.pool),
    dockerObjects(s),
    quotaViews(s),
  ]);
  return { ...log, tables, docker, quotas };
}

async function eventLog(
  s: SnapshotSources,
): Promise<Pick<Snapshot, 'streams' | 'totalEvents' | 'lastPosition'>> {
  const table = `"${s.eventsSchema}".events`;
  const { rows } = await s.pool.query<{ stream_id: string; n: string; last: string }>(
    `SELECT stream_id, count(*)::text AS n, max(global_position)::text AS last
       FROM ${table} GROUP BY stream_id`,
  );
  const streams = new Map(rows.map((r) => [r.stream_id, `${r.n} events, last at ${r.last}`]));
  const total = await s.pool.query<{ n: string; last: string | null }>(
    `SELECT count(*)::text AS n, max(global_position)::text AS last FROM ${table}`,
  );
  return {
    streams,
    totalEvents: Number(total.rows[0]?.n ?? 0),
    lastPosition: total.rows[0]?.last ?? '0',
  };
}

async function tableRows(pool: Pool): Promise<Map<string, string[]>> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  const out = new Map<string, string[]>();
  for (const { schema, name } of tables) {
    const { rows: columns } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, name],
    );
    const skip = new Set(VOLATILE_COLUMNS[name] ?? []);
    if (skip.has('*')) continue;
    const kept = columns.map((c) => c.column_name).filter((c) => !skip.has(c));
    const list = kept.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    const { rows } = await pool.query<{ r: string }>(
      `SELECT r FROM (SELECT ROW(${list})::text AS r FROM "${schema}"."${name}") t ORDER BY r`,
    );
    out.set(
      `${schema}.${name}`,
      rows.map((row) => row.r),
    );
  }
  return out;
}

async function dockerObjects(s: SnapshotSources): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const filters = (project: string) => JSON.stringify({ label: [`berth.project=${project}`] });
  for (const project of s.projects) {
    const containers = await s.docker.listContainers({ all: true, filters: filters(project) });
    for (const summary of containers) {
      const c = s.docker.getContainer(summary.Id);
      const info = await c.inspect();
      const changes = ((await c.changes()) ?? []) as Array<{ Kind: number; Path: string }>;
      out.set(
        `container ${info.Name}`,
        JSON.stringify({
          state: pick(info.State, [
            'Status',
            'Running',
            'Paused',
            'Restarting',
            'OOMKilled',
            'Dead',
            'ExitCode',
            'StartedAt',
            'FinishedAt',
          ]),
          restarts: info.RestartCount,
          image: info.Image,
          config: pick(info.Config, [
            'Image',
            'Cmd',
            'Entrypoint',
            'Env',
            'Labels',
            'WorkingDir',
            'Hostname',
            'Tty',
            'OpenStdin',
          ]),
          host: pick(info.HostConfig, [
            'NanoCpus',
            'CpuShares',
            'CpuQuota',
            'CpuPeriod',
            'Memory',
            'Privileged',
            'RestartPolicy',
            'AutoRemove',
          ]),
          networks: Object.keys(info.NetworkSettings.Networks ?? {}).sort(),
          mounts: (info.Mounts ?? []).map((m) => `${m.Name ?? m.Source}:${m.Destination}`).sort(),
          changes: changes.map((ch) => `${ch.Kind} ${ch.Path}`).sort(),
        }),
      );
    }
    for (const n of await s.docker.listNetworks({ filters: filters(project) })) {
      out.set(`network ${n.Name}`, JSON.stringify({ id: n.Id, labels: n.Labels }));
    }
    const { Volumes: volumes } = await s.docker.listVolumes({ filters: filters(project) });
    for (const v of volumes ?? []) out.set(`volume ${v.Name}`, JSON.stringify(v.Labels));
    for (const i of await s.docker.listImages({ filters: filters(project) })) {
      out.set(`image ${i.Id}`, JSON.stringify(i.RepoTags ?? []));
    }
  }
  const present = await s.docker
    .getImage(s.testImage)
    .inspect()
    .then((i) => i.Id)
    .catch(() => 'missing');
  out.set(`image ${s.testImage}`, present);
  return out;
}

async function quotaViews(s: SnapshotSources): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const project of s.projects) {
    out.set(
      `quota ${project}`,
      JSON.stringify(await s.getJson(`/v1/quotas/${project}?usages=True`)),
    );
  }
  out.set('quota class default', JSON.stringify(await s.getJson('/v1/quota_classes/default')));
  return out;
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

/** Every difference between two snapshots, one readable line each; empty when none. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  if (before.totalEvents !== after.totalEvents || before.lastPosition !== after.lastPosition) {
    out.push(
      `event log: ${before.totalEvents} events (last at ${before.lastPosition}) became ${after.totalEvents} (last at ${after.lastPosition})`,
    );
  }
  out.push(...mapDiff('stream', before.streams, after.streams));
  for (const [table, rows] of after.tables) {
    const old = before.tables.get(table) ?? [];
    const added = minus(rows, old);
    const removed = minus(old, rows);
    if (added.length === 0 && removed.length === 0) continue;
    out.push(
      `table ${table}: ${old.length} rows became ${rows.length} (+${added.length} -${removed.length})` +
        examples('added', added) +
        examples('removed', removed),
    );
  }
  for (const table of before.tables.keys()) {
    if (!after.tables.has(table)) out.push(`table ${table}: gone`);
  }
  out.push(...mapDiff('docker', before.docker, after.docker));
  out.push(...mapDiff('quotas', before.quotas, after.quotas));
  return out;
}

function mapDiff(what: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) out.push(`${what}: new ${key}: ${value.slice(0, 200)}`);
    else if (old !== value)
      out.push(`${what}: ${key} changed: ${old.slice(0, 200)} -> ${value.slice(0, 200)}`);
  }
  for (const key of before.keys()) if (!after.has(key)) out.push(`${what}: ${key} is gone`);
  return out;
}

function minus(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = counts.get(x) ?? 0;
    if (n === 0) return true;
    counts.set(x, n - 1);
    return false;
  });
}

function examples(label: string, rows: readonly string[]): string {
  if (rows.length === 0) return '';
  const shown = rows.slice(0, 3).map((r) => (r.length > 160 ? `${r.slice(0, 160)}…` : r));
  return `; ${label} e.g. ${shown.join(' || ')}`;
}

/** New events since a position, counted by type: what a wrongly accepted request appended. */
export async function eventTypesSince(
  s: Pick<SnapshotSources, 'pool' | 'eventsSchema'>,
  position: string,
): Promise<string> {
  const { rows } = await s.pool.query<{ type: string; n: string }>(
    `SELECT type, count(*)::text AS n FROM "${s.eventsSchema}".events
      WHERE global_position > $1 GROUP BY type ORDER BY count(*) DESC`,
    [position],
  );
  return rows.map((r) => `${r.type} x${r.n}`).join(', ');
}
