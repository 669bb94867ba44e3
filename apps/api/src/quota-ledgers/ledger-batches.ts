import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DomainError,
  projectStream,
  type EventMetadata,
  type ProjectQuotaEvent,
  type ProjectQuotaState,
} from '@berth/domain';
import {
  WrongExpectedVersionError,
  streamCategory,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type MultiStreamAppender,
  type StreamAppend,
} from '@berth/drivers';
import { EVENT_STORE, multiStreamAppender } from '@berth/platform';
import { HostClaimSharing } from '../scheduler';
import { CombinedAppends, type StreamSharing } from './combined-appends';
import { ProjectLedgers, type Ledger } from './project-ledgers';

/** Writes appended in one transaction at most. */
const MAX_BATCH = 128;
/** Rounds a write may be put back (its project's ledger moved on elsewhere) before it gives up. */
const MAX_ROUNDS = 20;

/** One change that claims (or adjusts) quota, with the other streams it appends beside it. */
export interface LedgerWrite {
  metadata: EventMetadata;
  /**
   * The ledger's events for this write, decided on the ledger as the writes before it in its
   * batch leave it; throws a DomainError to refuse.
   */
  decide(ledger: ProjectQuotaState): ProjectQuotaEvent[];
  /** The write's other streams (a host claim, the container), appended after the ledger's. */
  entries: readonly StreamAppend[];
  /** Runs as soon as its batch committed, before any other placement runs: `entries`' results. */
  committed(results: readonly AppendResult[]): void;
  /** Runs as soon as the write is refused or fails, before its promise settles. */
  failed(): void;
}

interface Pending {
  project_id: string;
  write: LedgerWrite;
  rounds: number;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

/** A project's writes in one batch, decided in order on its ledger. */
interface ProjectBatch {
  project_id: string;
  ledger: Ledger;
  accepted: Array<{ p: Pending; events: ProjectQuotaEvent[] }>;
}

/**
 * Group commit of quota-claiming writes. Every change to a project's ledger takes its turn on the
 * ledger's revision, and every create costs a transaction; instead, the writes waiting while one
 * batch is being appended form the next batch: each project's writes are decided one after
 * another on its ledger (each seeing the claims of those before it, so together they never
 * exceed the quota), and all of them are appended in a single transaction: each ledger's events
 * at its revision, then each write's host claim and container events. One commit then serves
 * every create that arrived meanwhile, in one project or many. Claims on one host decided at one
 * revision go as one append when they fit there together (HostClaimSharing), and otherwise wait
 * for the next batch; a host stream that moved elsewhere fails only the
 * writes on it (they are planned again); a ledger that moved elsewhere is read past its cached
 * revision and the batch tried again.
 */
@Injectable()
export class LedgerBatches {
  private readonly appender: MultiStreamAppender;
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly ledgers: ProjectLedgers,
    @Inject(EVENT_STORE) store: EventStore,
    // Without it (tests) writes on one stream always take turns.
    @Optional() @Inject(HostClaimSharing) private readonly sharing?: StreamSharing,
  ) {
    this.appender = multiStreamAppender(store);
  }

  /** Appends `write` with the next batch; resolves to its entries' results. */
  write(project_id: string, write: LedgerWrite): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ project_id, write, rounds: 0, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          this.queue.unshift(...(await this.commit(batch)));
        } catch (error) {
          for (const p of batch) fail(p, error);
        }
      }
    } finally {
      // Nothing awaited since the queue was last seen empty: a write added now starts a drain.
      this.draining = false;
    }
  }

  /** Appends what of `batch` can go together; returns the writes to try again in the next one. */
  private async commit(batch: Pending[]): Promise<Pending[]> {
    const { taken, later, rebased } = await this.together(batch);
    const byProject = new Map<string, Pending[]>();
    for (const p of taken) byProject.set(p.project_id, [...(byProject.get(p.project_id) ?? []), p]);
    const projects = (
      await Promise.all([...byProject].map(([id, writes]) => this.decide(id, writes)))
    ).filter((pb) => pb.accepted.length > 0);
    if (projects.length === 0) return later;
    const accepted = projects.flatMap((pb) => pb.accepted.map(({ p }) => p));
    const combined = new CombinedAppends(
      projects.map((pb) => ({
        stream: projectStream(pb.project_id),
        events: pb.accepted.flatMap(({ p, events }) =>
          events.map((e) => ({ ...e, metadata: p.write.metadata })),
        ),
        expectedRevision: pb.ledger.revision,
      })),
    );
    const slots = accepted.map((p) => combined.add(p.write.entries));
    rebased.forEach((revision, stream) => combined.rebase(stream, revision));
    let results: AppendResult[];
    try {
      results = await this.appendInLockOrder(combined.appends);
    } catch (error) {
      // Another process locked some of the same rows in another order; PostgreSQL chose us.
      if ((error as { code?: string }).code === DEADLOCK)
        return [...retry(accepted, error), ...later];
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const moved = projects.find((pb) => projectStream(pb.project_id) === error.stream);
      if (moved) {
        await this.ledgers.fresh(moved.project_id);
        return [...retry(accepted, error), ...later];
      }
      // Only the writes on the stream that moved must be planned again; the rest go as they are.
      const on = (q: Pending): boolean => q.write.entries.some((e) => e.stream === error.stream);
      accepted.filter(on).forEach((p) => fail(p, error));
      return [...accepted.filter((q) => !on(q)), ...later];
    }
    projects.forEach((pb, i) =>
      this.ledgers.appended(
        pb.project_id,
        pb.accepted.flatMap(({ events }) => events),
        pb.ledger,
        results[i].nextRevision,
      ),
    );
    accepted.forEach((p, k) => {
      const own = slots[k].map((slot) => combined.resultOf(results, slot));
      p.write.committed(own);
      p.resolve(own);
    });
    return later;
  }

  /**
   * The writes of `batch` that can be appended together, in order, the rest for the next batch,
   * and the revisions `sharing` moved streams to. Two writes on one stream cannot go together,
   * both expecting its revision, unless `sharing` judges their events fit as one append: claims
   * on one host, judged again on its state as this process holds it. A claim decided before this
   * process's previous batch moved the host on is judged so too, instead of losing its append.
   * Dropping some writes later (a quota refusal) only leaves more room, so the rest still fit.
   */
  private async together(
    batch: Pending[],
  ): Promise<{ taken: Pending[]; later: Pending[]; rebased: Map<string, ExpectedRevision> }> {
    const taken: Pending[] = [];
    const later: Pending[] = [];
    const claimed = new CombinedAppends();
    const rebased = new Map<string, ExpectedRevision>();
    for (const p of batch) {
      const judged = await this.judge(p.write.entries, claimed);
      if (!judged) {
        later.push(p);
        continue;
      }
      claimed.add(p.write.entries);
      for (const [stream, revision] of judged) {
        claimed.rebase(stream, revision);
        rebased.set(stream, revision);
      }
      taken.push(p);
    }
    return { taken, later, rebased };
  }

  /** The revisions `entries` go at beside `claimed`, where sharing moved them; null if they can't. */
  private async judge(
    entries: readonly StreamAppend[],
    claimed: CombinedAppends,
  ): Promise<Map<string, ExpectedRevision> | null> {
    const judged = new Map<string, ExpectedRevision>();
    for (const entry of entries) {
      const before = claimed.eventsOn(entry.stream) ?? [];
      // A judge that cannot tell (its read failed) shares nothing; the appends still settle it.
      const revision = this.sharing
        ? await this.sharing
            .revisionFor(entry.stream, [...before, ...entry.events])
            .catch(() => null)
        : null;
      if (revision !== null) judged.set(entry.stream, revision);
      // Alone on its stream it goes as decided, and its append settles the race.
      else if (before.length > 0) return null;
    }
    return judged;
  }

  /**
   * Appends `batch` with its streams in one order every writer keeps (ledgers, then hosts, then
   * containers, as a lone create appends them; by name within each), so that two batches locking
   * the same rows cannot deadlock; the results come back in `batch`'s order.
   */
  private async appendInLockOrder(batch: readonly StreamAppend[]): Promise<AppendResult[]> {
    const order = batch.map((_, i) => i).sort((a, b) => lockOrder(batch[a], batch[b]));
    const results = await this.appender.appendMany(order.map((i) => batch[i]));
    const inBatchOrder = new Array<AppendResult>(batch.length);
    order.forEach((i, k) => (inBatchOrder[i] = results[k]));
    return inBatchOrder;
  }

  /** One project's writes decided in order on its ledger; the refused ones fail at once. */
  private async decide(project_id: string, writes: readonly Pending[]): Promise<ProjectBatch> {
    let ledger = await this.ledgers.load(project_id);
    let decided = decideAll(ledger, writes);
    if (decided.refused.length > 0) {
      // Refused on the ledger as this process last saw it: refuse only on the ledger as it is.
      ledger = await this.ledgers.fresh(project_id);
      decided = decideAll(ledger, writes);
    }
    for (const { p, error } of decided.refused) fail(p, error);
    return { project_id, ledger, accepted: decided.accepted };
  }
}

const DEADLOCK = '40P01';
const LOCK_RANK: Record<string, number> = { project: 0, host: 1, container: 2 };

function lockOrder(a: StreamAppend, b: StreamAppend): number {
  const rank = (s: StreamAppend): number => LOCK_RANK[streamCategory(s.stream)] ?? 3;
  return rank(a) - rank(b) || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0);
}

function decideAll(
  ledger: Ledger,
  batch: readonly Pending[],
): {
  accepted: Array<{ p: Pending; events: ProjectQuotaEvent[] }>;
  refused: Array<{ p: Pending; error: unknown }>;
} {
  const accepted: Array<{ p: Pending; events: ProjectQuotaEvent[] }> = [];
  const refused: Array<{ p: Pending; error: unknown }> = [];
  let state = ledger.state;
  for (const p of batch) {
    try {
      const events = p.write.decide(state);
      state = ProjectLedgers.fold(state, events);
      accepted.push({ p, events });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push({ p, error });
    }
  }
  return { accepted, refused };
}

/** The writes to put back for the next batch; one put back too often fails with `error`. */
function retry(writes: readonly Pending[], error: unknown): Pending[] {
  return writes.filter((p) => {
    if (++p.rounds < MAX_ROUNDS) return true;
    fail(p, error);
    return false;
  });
}

function fail(p: Pending, error: unknown): void {
  p.write.failed();
  p.reject(error);
}
