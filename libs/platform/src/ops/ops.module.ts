import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.providers';
import { collectProcessMetrics } from './metrics';
import { OpsController } from './ops.controller';
import { opsConfigFromEnv } from './ops.config';
import { OPS_CONFIG } from './ops.tokens';
import { ReadinessChecks } from './readiness';

/**
 * `/healthz`, `/readyz` and `/metrics` for whichever process mounts it (the API, or a compute's
 * or projector's own small server); every process checks its database.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [OpsController],
  providers: [{ provide: OPS_CONFIG, useFactory: () => opsConfigFromEnv() }],
})
export class OpsModule implements OnModuleInit {
  constructor(
    private readonly checks: ReadinessChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    collectProcessMetrics();
    this.checks.add({
      name: 'database',
      check: async () => {
        await this.pool.query('SELECT 1');
        return {};
      },
    });
  }
}
