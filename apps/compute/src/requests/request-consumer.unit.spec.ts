import { START, type EventStore, type Position, type RecordedEvent } from '@berth/drivers';
import type { ConsumerCheckpoints } from '@berth/platform';
import { KeyedQueue } from '../dispatch/keyed-queue';
import { UUID, history } from '../testing/container.fixtures';
import { RequestConsumer } from './request-consumer';
import type { RequestProcessor } from './request-processor';

/** Our own ports, faked: a subscription we feed by hand and a checkpoint table in memory. */
function fakes() {
  let deliver: ((event: RecordedEvent) => Promise<void>) | undefined;
  const store = {
    subscribeToAll: (handler: (event: RecordedEvent) => Promise<void>) => {
      deliver = handler;
      return { stop: () => Promise.resolve() };
    },
  } as unknown as EventStore;
  const saved: Position[] = [];
  const checkpoints = {
    load: () => Promise.resolve(START),
    save: (_name: string, position: Position) => {
      saved.push(position);
      return Promise.resolve();
    },
  } as unknown as ConsumerCheckpoints;
  return { store, checkpoints, saved, deliver: (event: RecordedEvent) => deliver?.(event) };
}

const request = history().createRequested().created().requested('ContainerStartRequested')
  .events[2];
const AT: Position = { commit: 7n, prepare: 7n };
const delivered = {
  ...request,
  id: 'e-7',
  stream: `container-${UUID}`,
  revision: 2n,
  position: AT,
  metadata: {
    request_id: 'req-2',
    user_id: 'u1',
    project_id: 'p1',
    correlation_id: UUID,
    causation_id: null,
  },
  createdAt: new Date(),
} as RecordedEvent;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('RequestConsumer', () => {
  it('finishes a processed request: the checkpoint passes it', async () => {
    const { store, checkpoints, saved, deliver } = fakes();
    const processor = { process: jest.fn(() => Promise.resolve()) };
    const consumer = new RequestConsumer('c', store, checkpoints, processor, new KeyedQueue(2), 10);
    await consumer.start();
    await deliver(delivered);
    await consumer.stop();
    expect(processor.process).toHaveBeenCalledTimes(1);
    expect(saved.at(-1)).toEqual(AT);
  });

  it('keeps a request that failed unfinished and tries it again later', async () => {
    const { store, checkpoints, saved, deliver } = fakes();
    let calls = 0;
    let finished = false;
    const savedWhileUnfinished: Position[] = [];
    const save = checkpoints.save.bind(checkpoints);
    checkpoints.save = (name: string, position: Position) => {
      if (!finished) savedWhileUnfinished.push(position);
      return save(name, position);
    };
    const processor: Pick<RequestProcessor, 'process'> = {
      process: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('database down'));
        finished = true;
        return Promise.resolve();
      },
    };
    // The retry comes well after a few periodic saves (every 200 ms), which must not pass it.
    const consumer = new RequestConsumer(
      'c',
      store,
      checkpoints,
      processor,
      new KeyedQueue(2),
      900,
    );
    await consumer.start();
    try {
      await deliver(delivered);
      await until(() => calls === 2);
    } finally {
      await consumer.stop();
    }
    expect(savedWhileUnfinished.length).toBeGreaterThan(0);
    expect(savedWhileUnfinished.every((p) => p.commit < AT.commit)).toBe(true);
    expect(saved.at(-1)).toEqual(AT);
  });

  it('never moves the checkpoint past a request that keeps failing', async () => {
    const { store, checkpoints, saved, deliver } = fakes();
    let calls = 0;
    const processor: Pick<RequestProcessor, 'process'> = {
      process: () => {
        calls += 1;
        return Promise.reject(new Error('database down'));
      },
    };
    const consumer = new RequestConsumer('c', store, checkpoints, processor, new KeyedQueue(2), 5);
    await consumer.start();
    await deliver(delivered);
    await until(() => calls >= 3);
    await consumer.stop();
    const after = calls;
    await sleep(30);
    expect(calls).toBe(after); // stopped: no more tries
    expect(saved.at(-1)).toEqual(START);
  });
});
