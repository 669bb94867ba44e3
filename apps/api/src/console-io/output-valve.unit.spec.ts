import { OutputValve } from './output-valve';

function valve(): { v: OutputValve; log: string[]; queue: { bytes: number } } {
  const queue = { bytes: 0 };
  const log: string[] = [];
  const v = new OutputValve(
    { highBytes: 100, lowBytes: 25, stallMs: 1_000 },
    {
      queued: () => queue.bytes,
      pause: () => log.push('pause'),
      resume: () => log.push('resume'),
      stalled: () => log.push('stalled'),
    },
  );
  return { v, log, queue };
}

describe('OutputValve', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('leaves the source flowing while the queue is within the high mark', () => {
    const { v, log, queue } = valve();
    queue.bytes = 100;
    v.sent();
    expect(log).toEqual([]);
    expect(v.paused).toBe(false);
  });

  it('pauses past the high mark once, and resumes only back at the low mark', () => {
    const { v, log, queue } = valve();
    queue.bytes = 101;
    v.sent();
    v.sent();
    expect(log).toEqual(['pause']);
    queue.bytes = 26;
    v.drained();
    expect(log).toEqual(['pause']);
    queue.bytes = 25;
    v.drained();
    expect(log).toEqual(['pause', 'resume']);
    expect(v.paused).toBe(false);
  });

  it('gives up on a client that stays behind for the whole stall bound', () => {
    const { v, log, queue } = valve();
    queue.bytes = 500;
    v.sent();
    jest.advanceTimersByTime(999);
    expect(log).toEqual(['pause']);
    jest.advanceTimersByTime(1);
    expect(log).toEqual(['pause', 'stalled']);
    // Once given up, nothing moves the source again.
    queue.bytes = 0;
    v.drained();
    expect(log).toEqual(['pause', 'stalled']);
  });

  it('forgives a slow client that catches up before the bound', () => {
    const { v, log, queue } = valve();
    queue.bytes = 500;
    v.sent();
    jest.advanceTimersByTime(900);
    queue.bytes = 0;
    v.drained();
    jest.advanceTimersByTime(5_000);
    expect(log).toEqual(['pause', 'resume']);
  });

  it('does nothing once stopped', () => {
    const { v, log, queue } = valve();
    queue.bytes = 500;
    v.sent();
    v.stop();
    jest.advanceTimersByTime(5_000);
    v.sent();
    expect(log).toEqual(['pause']);
  });
});
