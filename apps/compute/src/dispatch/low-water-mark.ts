import type { Position } from '@berth/drivers';
import { comparePositions } from '@berth/drivers';

interface InFlight {
  position: Position;
  /** The event delivered just before this one: the checkpoint while this one is unfinished. */
  previous: Position;
}

/**
 * Tracks events handed out for concurrent work and tells how far a checkpoint may safely move:
 * up to the event before the oldest one still in flight. A restart from that checkpoint
 * redelivers only events whose work may be unfinished, and handlers are idempotent.
 */
export class LowWaterMark {
  private readonly inFlight: InFlight[] = [];
  private lastSeen: Position;

  constructor(start: Position) {
    this.lastSeen = start;
  }

  /** Call in delivery order, before the work starts. */
  begin(position: Position): void {
    this.inFlight.push({ position, previous: this.lastSeen });
    this.lastSeen = position;
  }

  finish(position: Position): void {
    const index = this.inFlight.findIndex((f) => comparePositions(f.position, position) === 0);
    if (index >= 0) this.inFlight.splice(index, 1);
  }

  /** The highest position such that everything at or below it has finished. */
  safePosition(): Position {
    return this.inFlight[0]?.previous ?? this.lastSeen;
  }

  get pending(): number {
    return this.inFlight.length;
  }
}
