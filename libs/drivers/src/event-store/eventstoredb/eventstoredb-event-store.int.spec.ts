import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * No EventStoreDB server can be installed on the build machine, so this contract runs only when
 * EVENTSTORE_URL points at one (e.g. `esdb://localhost:2113?tls=false`) and is reported as
 * skipped otherwise. Every test writes to fresh streams, so a long-lived server is fine.
 */
const url = process.env.EVENTSTORE_URL;
const suite = url ? describe : describe.skip;

suite(`EventStoreDB at ${url ?? '(EVENTSTORE_URL unset)'}`, () => {
  describeEventStoreContract('EventStoreDB', () => {
    const store = new EventStoreDbEventStore({ connectionString: url ?? '' });
    return Promise.resolve({ store, cleanup: () => store.close() });
  });

  it('stores the event version in metadata and gives it back', async () => {
    const store = new EventStoreDbEventStore({ connectionString: url ?? '' });
    try {
      const stream = `versioned-${randomUUID()}`;
      await store.append(
        stream,
        [
          {
            type: 'V',
            version: 3,
            data: { a: 1 },
            metadata: {
              request_id: 'r',
              global_request_id: null,
              user_id: 'u',
              project_id: 'p',
              correlation_id: 'r',
              causation_id: null,
            },
          },
        ],
        'no_stream',
      );
      const [event] = await store.readStream(stream);
      expect(event.version).toBe(3);
      expect(event.metadata).not.toHaveProperty('$berth_version');
    } finally {
      await store.close();
    }
  });
});
