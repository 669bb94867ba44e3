import { HashingGate, HashingGateFull } from './hashing-gate';

/** A job the test finishes by hand. */
function job(): { promise: Promise<string>; finish(value: string): void; started: boolean } {
  let finish: (value: string) => void = () => undefined;
  const handle = {
    started: false,
    promise: new Promise<string>((resolve) => (finish = resolve)),
    finish: (value: string) => finish(value),
  };
  return handle;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the password hashing gate', () => {
  it('runs at most `concurrency` jobs at once and the next one as a slot frees', async () => {
    const gate = new HashingGate(2, 10);
    const jobs = [job(), job(), job()];
    const results = jobs.map((j) =>
      gate.run(() => {
        j.started = true;
        return j.promise;
      }),
    );
    await flush();
    expect(jobs.map((j) => j.started)).toEqual([true, true, false]);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    jobs[0].finish('a');
    await flush();
    expect(jobs[2].started).toBe(true);
    jobs[1].finish('b');
    jobs[2].finish('c');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once when the queue is full, without running the job', async () => {
    const gate = new HashingGate(1, 1);
    const running = job();
    const first = gate.run(() => running.promise);
    const second = gate.run(() => Promise.resolve('queued'));
    let ran = false;
    await expect(
      gate.run(() => {
        ran = true;
        return Promise.resolve('never');
      }),
    ).rejects.toBeInstanceOf(HashingGateFull);
    expect(ran).toBe(false);
    running.finish('first');
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'queued']);
  });

  it('frees the slot of a job that failed', async () => {
    const gate = new HashingGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow(
      'scrypt failed',
    );
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
