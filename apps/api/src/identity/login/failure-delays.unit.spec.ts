import { FailureDelays, delayAfter } from './failure-delays';

describe('failed-login delays', () => {
  it('wait nothing before a failure, then double from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((n) => delayAfter(n, 250, 4000))).toEqual([
      0, 250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('wait nothing at all when turned off', () => {
    expect(delayAfter(5, 0, 0)).toBe(0);
  });

  it('grow with consecutive failures of one login and start over after a success', () => {
    const delays = new FailureDelays(100, 10_000, 60_000);
    expect([1, 2, 3].map(() => delays.failed('name:alice'))).toEqual([100, 200, 400]);
    delays.succeeded('name:alice');
    expect(delays.failed('name:alice')).toBe(100);
  });

  it('count each login apart, names that exist or not alike', () => {
    const delays = new FailureDelays(100, 10_000, 60_000);
    delays.failed('name:alice');
    delays.failed('name:alice');
    expect(delays.failed('name:nobody')).toBe(100);
    expect(delays.failed('name:alice')).toBe(400);
  });

  it('forget failures older than the forgetting time', () => {
    let now = 0;
    const delays = new FailureDelays(100, 10_000, 60_000, () => now);
    delays.failed('name:alice');
    delays.failed('name:alice');
    now = 60_000;
    expect(delays.failed('name:alice')).toBe(100);
  });

  it('keep a bounded number of names, forgetting the least recently failed', () => {
    const delays = new FailureDelays(100, 10_000, 60_000);
    delays.failed('name:first');
    for (let i = 0; i < 10_000; i++) delays.failed(`name:spray-${i}`);
    expect(delays.failed('name:first')).toBe(100);
  });
});
