import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE, eventStoreProvider } from './event-store.providers';

@Global()
@Module({ providers: [eventStoreProvider], exports: [eventStoreProvider] })
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
