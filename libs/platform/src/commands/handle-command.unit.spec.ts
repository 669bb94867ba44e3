import { WrongExpectedVersionError } from '@berth/drivers';
import { CONFLICTS } from './conflict-policy';
import { StreamKeptMoving, handleCommand } from './handle-command';

/** A stream of numbers whose revision other writers can move on between a read and an append. */
class Counter {
  revision = 0;
  appended: number[][] = [];
  reads = 0;
  /** Appends by others that land just before each of our next appends. */
  racing = 0;

  read(): Promise<{ revision: number }> {
    this.reads += 1;
    return Promise.resolve({ revision: this.revision });
  }

  append(events: number[], expected: number): Promise<number> {
    if (this.racing > 0) {
      this.racing -= 1;
      this.revision += 1;
    }
    if (expected !== this.revision) {
      const error = new WrongExpectedVersionError(
        'counter-1',
        BigInt(expected),
        BigInt(this.revision),
      );
      return Promise.reject(error);
    }
    this.appended.push(events);
    this.revision += events.length;
    return Promise.resolve(this.revision);
  }
}

function steps(counter: Counter, decide: (revision: number) => number[] | null) {
  return {
    load: () => counter.read(),
    decide: ({ revision }: { revision: number }) => decide(revision),
    append: (events: number[], { revision }: { revision: number }) =>
      counter.append(events, revision),
  };
}

describe('handleCommand', () => {
  it('appends what the decision returns at the revision it was decided on', async () => {
    const counter = new Counter();
    const handled = await handleCommand({
      ...steps(counter, (revision) => [revision + 1]),
      conflicts: CONFLICTS.request,
    });
    expect(handled).toMatchObject({ appended: true, decision: [1], result: 1 });
    expect(counter.appended).toEqual([[1]]);
  });

  it('reads again and decides again after losing a race, against the new history', async () => {
    const counter = new Counter();
    counter.racing = 2;
    const decided: number[] = [];
    const handled = await handleCommand({
      ...steps(counter, (revision) => {
        decided.push(revision);
        return [revision + 1];
      }),
      conflicts: CONFLICTS.request,
    });
    expect(decided).toEqual([0, 1, 2]);
    expect(counter.appended).toEqual([[3]]);
    expect(handled.appended).toBe(true);
  });

  it('gives up once the policy has no attempts left, with StreamKeptMoving', async () => {
    const counter = new Counter();
    counter.racing = 10;
    const attempt = handleCommand({
      ...steps(counter, (revision) => [revision]),
      conflicts: { attempts: 4 },
    });
    await expect(attempt).rejects.toBeInstanceOf(StreamKeptMoving);
    expect(counter.reads).toBe(4);
    expect(counter.appended).toEqual([]);
  });

  it('throws the caller’s own error when it names one for giving up', async () => {
    const counter = new Counter();
    counter.racing = 10;
    const attempt = handleCommand({
      ...steps(counter, (revision) => [revision]),
      conflicts: CONFLICTS.request,
      gaveUp: (last) => new Error(`busy: ${last.stream}`),
    });
    await expect(attempt).rejects.toThrow('busy: counter-1');
  });

  it('stops deciding again once the policy’s time is up, whatever attempts remain', async () => {
    const counter = new Counter();
    counter.racing = 1_000;
    const attempt = handleCommand({
      ...steps(counter, (revision) => [revision]),
      conflicts: { attempts: Number.POSITIVE_INFINITY, withinMs: 30, pauseMs: () => 5 },
    });
    await expect(attempt).rejects.toBeInstanceOf(StreamKeptMoving);
    expect(counter.reads).toBeLessThan(50);
  });

  it('appends nothing when the decision is that there is nothing to do', async () => {
    const counter = new Counter();
    const append = jest.fn();
    const handled = await handleCommand({
      load: () => counter.read(),
      decide: () => null,
      append,
      conflicts: CONFLICTS.request,
    });
    expect(handled).toEqual({ appended: false, loaded: { revision: 0 } });
    expect(append).not.toHaveBeenCalled();
  });

  it('stops when the decision after a lost race is that the work is done already', async () => {
    const counter = new Counter();
    counter.racing = 1;
    const handled = await handleCommand({
      ...steps(counter, (revision) => (revision === 0 ? [1] : null)),
      conflicts: CONFLICTS.background,
    });
    expect(handled.appended).toBe(false);
    expect(counter.appended).toEqual([]);
  });

  it('decides first on the streams already read and reads only after a lost race', async () => {
    const counter = new Counter();
    counter.racing = 1;
    await handleCommand({
      ...steps(counter, (revision) => [revision]),
      loaded: { revision: 0 },
      conflicts: CONFLICTS.request,
    });
    expect(counter.reads).toBe(1);
  });

  it('hears each lost race before the next read', async () => {
    const counter = new Counter();
    counter.racing = 2;
    const heard: string[] = [];
    await handleCommand({
      ...steps(counter, (revision) => [revision]),
      conflicts: CONFLICTS.request,
      onConflict: (error) => {
        heard.push(`${error.stream}@${counter.reads}`);
      },
    });
    expect(heard).toEqual(['counter-1@1', 'counter-1@2']);
  });

  it('throws any other failure at once unless told to retry it', async () => {
    const append = jest.fn().mockRejectedValue(new Error('connection reset'));
    const attempt = handleCommand({
      load: () => Promise.resolve({}),
      decide: () => [1],
      append,
      conflicts: CONFLICTS.request,
    });
    await expect(attempt).rejects.toThrow('connection reset');
    expect(append).toHaveBeenCalledTimes(1);
  });

  it('retries other failures with backoff, reading again first, when given a transient policy', async () => {
    const counter = new Counter();
    const waits: number[] = [];
    const append = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockResolvedValue(7);
    const handled = await handleCommand({
      load: () => counter.read(),
      decide: () => [1],
      append,
      conflicts: CONFLICTS.request,
      transient: {
        attempts: 5,
        firstDelayMs: 100,
        sleep: (ms) => Promise.resolve(void waits.push(ms)),
      },
    });
    expect(handled).toMatchObject({ appended: true, result: 7 });
    expect(waits).toEqual([100, 200]);
    expect(counter.reads).toBe(3);
  });
});
