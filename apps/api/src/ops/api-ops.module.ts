import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import {
  OpsModule,
  PG_POOL,
  PLATFORM_CONFIG,
  ReadinessChecks,
  readSetting,
  type PlatformConfig,
} from '@berth/platform';
import type { Pool } from 'pg';
import { computeHeartbeatCheck, projectorLagCheck } from './api-readiness';

/**
 * `/healthz`, `/readyz`, `/metrics` on the API's own port, public like the version documents;
 * the API's readiness adds the projector's lag and a live compute to the database check.
 */
@Module({ imports: [OpsModule] })
export class ApiOpsModule implements OnModuleInit {
  constructor(
    private readonly checks: ReadinessChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const query = async (sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> =>
      (await this.pool.query<Record<string, unknown>>(sql, params)).rows;
    const maxLag = readSetting('BERTH_READY_MAX_PROJECTOR_LAG');
    this.checks.add(
      projectorLagCheck(
        query,
        { events: this.platform.eventsSchema, read: this.platform.readSchema },
        maxLag,
      ),
    );
    this.checks.add(computeHeartbeatCheck(query, this.platform.opsSchema));
  }
}
