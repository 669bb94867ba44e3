import { afterAll, beforeAll, describe } from '@jest/globals';
import type { EventStore } from '../event-store.port';
import { appendReadContract } from './append-read.contract';
import { concurrencyContract } from './concurrency.contract';
import { readAllContract } from './read-all.contract';
import { subscriptionContract } from './subscription.contract';

export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must share. One store serves the whole suite, so each
 * test writes to streams of its own fresh category and reads after a marker position: the suite
 * also runs against a long-lived server that holds earlier runs' events.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
): void {
  describe(`${name} event store contract`, () => {
    let subject: ContractSubject | undefined;
    const store = (): EventStore => {
      if (!subject) throw new Error('the contract store was not created');
      return subject.store;
    };

    beforeAll(async () => {
      subject = await factory();
    }, 30_000);

    afterAll(async () => {
      await subject?.cleanup();
    }, 30_000);

    appendReadContract(store);
    readAllContract(store);
    concurrencyContract(store);
    subscriptionContract(store);
  });
}
