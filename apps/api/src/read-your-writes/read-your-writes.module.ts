import { Module } from '@nestjs/common';
import { ProjectionWaiter } from './projection-waiter';

/**
 * Read-your-writes for every writer of the API: one ProjectionWaiter, so one LISTEN connection
 * per process however many features wait on the projector. Import this module; never provide
 * the waiter again elsewhere (a second instance would hold a second connection).
 */
@Module({
  providers: [ProjectionWaiter],
  exports: [ProjectionWaiter],
})
export class ReadYourWritesModule {}
