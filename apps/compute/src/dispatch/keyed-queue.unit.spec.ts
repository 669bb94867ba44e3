import { KeyedQueue } from './keyed-queue';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key in the order they were pushed', async () => {
    const queue = new KeyedQueue(4);
    const order: number[] = [];
    queue.push(
      'a',
      () => tick(20).then(() => void order.push(1)),
      () => undefined,
    );
    queue.push(
      'a',
      () => tick(1).then(() => void order.push(2)),
      () => undefined,
    );
    queue.push(
      'a',
      () => Promise.resolve(void order.push(3)),
      () => undefined,
    );
    await queue.idle();
    expect(order).toEqual([1, 2, 3]);
  });

  it('runs different keys side by side but never more than the limit', async () => {
    const queue = new KeyedQueue(2);
    let running = 0;
    let highest = 0;
    const task = async (): Promise<void> => {
      running++;
      highest = Math.max(highest, running);
      await tick(10);
      running--;
    };
    for (const key of ['a', 'b', 'c', 'd', 'e']) queue.push(key, task, () => undefined);
    await queue.idle();
    expect(highest).toBe(2);
  });

  it('reports a failed task and keeps running the next one of the same key', async () => {
    const queue = new KeyedQueue(1);
    const results: Array<string> = [];
    queue.push(
      'a',
      () => Promise.reject(new Error('boom')),
      (e) => results.push(e?.message ?? 'ok'),
    );
    queue.push(
      'a',
      () => Promise.resolve(),
      (e) => results.push(e?.message ?? 'ok'),
    );
    await queue.idle();
    expect(results).toEqual(['boom', 'ok']);
  });
});
