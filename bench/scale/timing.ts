import { performance } from 'node:perf_hooks';
import { percentile } from '../support/stats';

/** Durations of wrapped methods, by label, for "where time goes" tables. */
class Timings {
  private readonly samples = new Map<string, number[]>();

  add(label: string, ms: number): void {
    const list = this.samples.get(label) ?? [];
    list.push(ms);
    this.samples.set(label, list);
  }

  clear(): void {
    this.samples.clear();
  }

  /** [label, calls, total s, mean ms, p99 ms] */
  rows(): string[][] {
    return [...this.samples].map(([label, values]) => {
      const total = values.reduce((a, b) => a + b, 0);
      return [
        label,
        String(values.length),
        (total / 1000).toFixed(1),
        (total / values.length).toFixed(1),
        percentile(values, 99).toFixed(1),
      ];
    });
  }
}

export const timings = new Timings();

/** Wraps an async prototype method so each call's duration is recorded under `label`. */
export function timeMethod(proto: object, name: string, label: string): void {
  const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[name];
  target[name] = async function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      timings.add(label, performance.now() - t0);
    }
  };
}
