import type { AppendResult, ExpectedRevision, StreamAppend } from '@berth/drivers';

/**
 * Judges events decided apart on one stream (claims on one host, see
 * scheduler/host-claim-sharing.ts): the revision at which they may be appended together, as if
 * decided there one after another, or null when it cannot tell or they do not fit.
 */
export interface StreamSharing {
  revisionFor(stream: string, events: StreamAppend['events']): Promise<ExpectedRevision | null>;
}

/** Where a write's entry went among a batch's appends: which one, and where its events end. */
export interface Slot {
  index: number;
  end: number;
}

/**
 * A batch's appends, with the entries of writes on one stream combined into one append in the
 * order they are added. Each write still gets the result its entry would have had alone.
 */
export class CombinedAppends {
  readonly appends: StreamAppend[] = [];
  private readonly byStream = new Map<string, number>();

  constructor(head: readonly StreamAppend[] = []) {
    head.forEach((entry) => this.push(entry));
  }

  /** Adds a write's entries; returns where each went, for `resultOf`. */
  add(entries: readonly StreamAppend[]): Slot[] {
    return entries.map((entry) => this.push(entry));
  }

  /** The events combined so far on `stream`, if any. */
  eventsOn(stream: string): StreamAppend['events'] | undefined {
    const index = this.byStream.get(stream);
    return index === undefined ? undefined : this.appends[index].events;
  }

  /** Appends what `stream` holds at `revision` instead (judged by StreamSharing). */
  rebase(stream: string, revision: ExpectedRevision): void {
    const index = this.byStream.get(stream);
    if (index !== undefined)
      this.appends[index] = { ...this.appends[index], expectedRevision: revision };
  }

  /** The result of the entry at `slot` as if appended alone: the revision of its last event. */
  resultOf(results: readonly AppendResult[], { index, end }: Slot): AppendResult {
    const combined = results[index];
    const after = BigInt(this.appends[index].events.length - end);
    // The position stays the combined append's: waiting for it waits past this entry as well.
    return { ...combined, nextRevision: combined.nextRevision - after };
  }

  private push(entry: StreamAppend): Slot {
    const index = this.byStream.get(entry.stream);
    if (index === undefined) {
      this.byStream.set(entry.stream, this.appends.length);
      this.appends.push({ ...entry, events: [...entry.events] });
      return { index: this.appends.length - 1, end: entry.events.length };
    }
    const events = [...this.appends[index].events, ...entry.events];
    this.appends[index] = { ...this.appends[index], events };
    return { index, end: events.length };
  }
}
