import { FreshRead } from './fresh-read';

/** A read whose answers the test releases one by one, numbered in the order the reads started. */
function controlledRead(): {
  read: () => Promise<number>;
  started: () => number;
  finish: () => void;
} {
  let started = 0;
  const pending: Array<() => void> = [];
  return {
    read: () => {
      const n = ++started;
      return new Promise<number>((resolve) => pending.push(() => resolve(n)));
    },
    started: () => started,
    finish: () => pending.shift()?.(),
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('a read shared by concurrent callers', () => {
  it('answers a lone caller with a read of its own', async () => {
    const c = controlledRead();
    const fresh = new FreshRead(c.read);
    const answer = fresh.get();
    c.finish();
    expect(await answer).toBe(1);
  });

  it('never answers a caller with a read that started before its call', async () => {
    const c = controlledRead();
    const fresh = new FreshRead(c.read);
    const first = fresh.get();
    const second = fresh.get();
    const third = fresh.get();
    expect(c.started()).toBe(1);
    c.finish();
    expect(await first).toBe(1);
    await tick();
    expect(c.started()).toBe(2);
    c.finish();
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it('starts a new read after a failed one, and the failure reaches only its own callers', async () => {
    let calls = 0;
    const fresh = new FreshRead(() =>
      ++calls === 1 ? Promise.reject(new Error('lost')) : Promise.resolve(calls),
    );
    const failing = fresh.get();
    const next = fresh.get();
    await expect(failing).rejects.toThrow('lost');
    expect(await next).toBe(2);
  });
});
