import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceProvider, poolProvider } from './database.providers';

@Global()
@Module({
  providers: [poolProvider, dataSourceProvider],
  exports: [poolProvider, dataSourceProvider],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  /** Ends the one pool: PG_POOL is the data source's. */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
