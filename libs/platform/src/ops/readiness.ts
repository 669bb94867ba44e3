import { Injectable } from '@nestjs/common';

/** What a readiness check reports when it passes; it throws (any Error) when it does not. */
export type ReadinessDetail = Record<string, string | number | boolean | null>;

export interface ReadinessCheck {
  /** Unique in the process: the all-in-one runs the API's, the projector's and compute's checks. */
  name: string;
  check(): Promise<ReadinessDetail>;
}

/**
 * The checks `/readyz` runs, contributed by whichever parts a process runs (the API's database,
 * lag and heartbeat checks, a compute's engine, the projector's position), so one endpoint
 * answers for the all-in-one and for each process alone.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  remove(name: string): void {
    this.checks.delete(name);
  }

  list(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}

/** Rejects with `message` after `ms`: a check that hangs answers "down", not never. */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
