import type { ReadinessCheck, ReadinessDetail, SqlQuery } from '@berth/platform';
import { projectionLag, projectionLagEvents } from '@berth/platform';
import { SERVICE_DOWN_AFTER_SECONDS } from '../services/service-liveness';

/** The read model's checkpoint name (the projector's READ_MODEL_CHECKPOINT). */
const READ_MODEL = 'read-model';

/**
 * Reads answer from tables the projector fills: an API whose projector is far behind serves
 * stale lists, and waits for read-your-writes until its callers time out.
 */
export function projectorLagCheck(
  query: SqlQuery,
  schemas: { events: string; read: string },
  maxLag: number,
): ReadinessCheck {
  return {
    name: 'projector_lag',
    async check(): Promise<ReadinessDetail> {
      const lag = await projectionLag(query, schemas, READ_MODEL, maxLag + 1);
      projectionLagEvents.set({ projection: READ_MODEL }, lag.events);
      if (lag.events > maxLag) {
        throw new Error(`the read model is more than ${maxLag} events behind the log`);
      }
      return { lag: lag.events, max: maxLag };
    },
  };
}

/**
 * Without a compute whose heartbeat is fresh (Zun's service_down_time), every create fails with
 * "no host": the API is up but cannot do its main work.
 */
export function computeHeartbeatCheck(query: SqlQuery, opsSchema: string): ReadinessCheck {
  const table = `"${opsSchema.replace(/"/g, '""')}".services`;
  return {
    name: 'compute_heartbeat',
    async check(): Promise<ReadinessDetail> {
      const rows = await query(
        `SELECT count(*)::int AS up FROM ${table}
          WHERE "binary" = 'zun-compute' AND NOT forced_down
            AND last_seen_at > now() - make_interval(secs => $1)`,
        [SERVICE_DOWN_AFTER_SECONDS],
      );
      const up = Number(rows[0]?.up ?? 0);
      if (up === 0) {
        throw new Error(`no compute has sent a heartbeat in ${SERVICE_DOWN_AFTER_SECONDS} s`);
      }
      return { computes: up };
    },
  };
}
