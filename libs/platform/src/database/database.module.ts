import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PG_POOL, dataSourceProvider, poolProvider } from './database.providers';

@Global()
@Module({
  providers: [poolProvider, dataSourceProvider],
  exports: [poolProvider, dataSourceProvider],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
    await this.pool.end();
  }
}
