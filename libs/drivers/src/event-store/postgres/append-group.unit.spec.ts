import { AppendGroup } from './append-group';

interface Call {
  items: readonly string[];
  finish(outcomes: (string | Error)[] | Error): void;
}

/** A commit the test finishes by hand, recording every group it was given. */
function manualCommit(failsEveryItem?: (error: unknown) => boolean): {
  calls: Call[];
  group: AppendGroup<string, string>;
} {
  const calls: Call[] = [];
  const group = new AppendGroup<string, string>(
    (items) =>
      new Promise((resolve, reject) => {
        calls.push({
          items,
          finish: (outcomes) => (outcomes instanceof Error ? reject(outcomes) : resolve(outcomes)),
        });
      }),
    failsEveryItem,
  );
  return { calls, group };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('AppendGroup', () => {
  it('commits a lone item at once, without waiting for a tick', () => {
    const { calls, group } = manualCommit();
    void group.submit('a');
    expect(calls.map((call) => call.items)).toEqual([['a']]);
  });

  it('commits the items that queued during a commit together, in arrival order', async () => {
    const { calls, group } = manualCommit();
    const first = group.submit('a');
    const rest = ['b', 'c', 'd'].map((item) => group.submit(item));
    expect(calls).toHaveLength(1);
    calls[0].finish(['A']);
    await expect(first).resolves.toBe('A');
    await flush();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].finish(['B', 'C', 'D']);
    await expect(Promise.all(rest)).resolves.toEqual(['B', 'C', 'D']);
  });

  it('fails only the item whose outcome is an error', async () => {
    const { calls, group } = manualCommit();
    void group.submit('first');
    const results = ['a', 'b', 'c'].map((item) => group.submit(item));
    calls[0].finish(['FIRST']);
    await flush();
    const lost = new Error('wrong expected version');
    calls[1].finish(['A', lost, 'C']);
    const settled = await Promise.allSettled(results);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: lost },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('retries each item alone when the whole group fails, so each gets its own answer', async () => {
    const { calls, group } = manualCommit();
    void group.submit('first');
    const settled = Promise.allSettled(['a', 'bad', 'c'].map((item) => group.submit(item)));
    calls[0].finish(['FIRST']);
    await flush();
    calls[1].finish(new Error('duplicate event id'));
    for (const [item, outcome] of [
      ['a', ['A']],
      ['bad', new Error('duplicate event id in bad')],
      ['c', ['C']],
    ] as const) {
      await flush();
      const call = calls[calls.length - 1];
      expect(call.items).toEqual([item]);
      call.finish(outcome instanceof Error ? outcome : [...outcome]);
    }
    expect(
      (await settled).map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason))),
    ).toEqual(['A', 'Error: duplicate event id in bad', 'C']);
  });

  it('fails every item of a group at once with an error that would befall each alike', async () => {
    const timedOut = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const { calls, group } = manualCommit((error) => error === timedOut);
    void group.submit('first');
    const settled = Promise.allSettled(['a', 'b', 'c'].map((item) => group.submit(item)));
    calls[0].finish(['FIRST']);
    await flush();
    calls[1].finish(timedOut);
    const reasons: unknown[] = (await settled).map((s) =>
      s.status === 'rejected' ? (s.reason as unknown) : s.value,
    );
    expect(reasons).toEqual([timedOut, timedOut, timedOut]);
    // No item was tried again on its own, each waiting out the limit once more.
    expect(calls).toHaveLength(2);
  });

  it('commits at once again after the queue has drained', async () => {
    const { calls, group } = manualCommit();
    const first = group.submit('a');
    calls[0].finish(['A']);
    await first;
    await flush();
    void group.submit('b');
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b']]);
  });
});
