import { performance } from 'node:perf_hooks';
import { DockerRuntime, type RecordedEvent } from '@berth/drivers';
import { ContainerRepository } from '@berth/platform';
import { LedgerBatches } from '../../apps/api/src/quota-ledgers';
import { ResourceWriter } from '../../apps/api/src/containers/commands/resource-writer';
import { RequestProcessor } from '../../apps/compute/src/requests/request-processor';
import { ProjectionRunner } from '../../apps/projector/src/runner/projection-runner';

/**
 * Timestamps (performance.now(), ms) of the stages one Berth create passes through, per container
 * uuid. Collected by wrapping prototype methods of the in-process API, compute and projector: the
 * product code is not changed, only observed. The first occurrence of each mark wins.
 */
export type Marks = Partial<Record<Stage, number>> & { outcomeAppends?: number };

export type Stage =
  | 'apiWriteStart'
  | 'apiQueued'
  | 'apiAppendStart'
  | 'apiAppendEnd'
  | 'apiWriteEnd'
  | 'computeRecv'
  | 'computeLoaded'
  | 'dockerCreateStart'
  | 'dockerCreateEnd'
  | 'dockerStartStart'
  | 'dockerStartEnd'
  | 'dockerInspectEnd'
  | 'outcomeAppendStart'
  | 'outcomeAppendEnd'
  | 'projReqRecv'
  | 'projReqCommit'
  | 'projReqFlushStart'
  | 'projRecv'
  | 'projFlushStart'
  | 'projCommit';

const marks = new Map<string, Marks>();

/** Where the projector's live batches spend their time: ms per part, summed over all batches. */
export const projectorProfile = {
  batches: 0,
  events: 0,
  flushMs: 0,
  applyMs: new Map<string, number>(),
};
const profiled = new WeakSet<object>();

export function marksOf(uuid: string): Marks {
  return marks.get(uuid) ?? {};
}

function mark(uuid: string, stage: Stage, at = performance.now()): void {
  let m = marks.get(uuid);
  if (!m) {
    m = {};
    marks.set(uuid, m);
  }
  if (m[stage] === undefined) m[stage] = at;
}

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

/** Replaces `proto[name]` with a wrapper that reports entry and (async) completion. */
function wrap(
  proto: object,
  name: string,
  hooks: {
    before?: (self: unknown, args: unknown[]) => void;
    after?: (self: unknown, args: unknown[], ok: boolean, ctx: unknown) => void;
    capture?: (self: unknown, args: unknown[]) => unknown;
  },
): void {
  const table = proto as Record<string, AnyMethod>;
  const original = table[name];
  if (typeof original !== 'function') throw new Error(`probe: no method ${name}`);
  table[name] = function (this: unknown, ...args: unknown[]): unknown {
    hooks.before?.(this, args);
    const ctx = hooks.capture?.(this, args);
    const result = original.apply(this, args);
    if (!hooks.after) return result;
    const after = hooks.after;
    return Promise.resolve(result).then(
      (value) => {
        after(this, args, true, ctx);
        return value;
      },
      (error: unknown) => {
        after(this, args, false, ctx);
        throw error;
      },
    );
  };
}

const firstType = (events: unknown): string | undefined =>
  Array.isArray(events) ? (events[0] as { type?: string } | undefined)?.type : undefined;

const uuidOfStream = (stream: string): string | null =>
  stream.startsWith('container-') ? stream.slice('container-'.length) : null;

/** The container uuids of the streams a ledger write (or batch) appends to. */
const containersOf = (write: unknown): string[] => {
  const entries = (write as { entries?: Array<{ stream: string }> }).entries ?? [];
  return entries.map((e) => uuidOfStream(e.stream)).filter((u): u is string => u !== null);
};

/** Installs the probes; call once before the app is built. */
export function installProbes(): void {
  // A create: ResourceWriter.executePlanned(plan, uuid, ctx, project, quota, fresh = true).
  wrap(ResourceWriter.prototype, 'executePlanned', {
    before: (_s, [, uuid, , , , fresh]) => {
      if (fresh === true) mark(uuid as string, 'apiWriteStart');
    },
    after: (_s, [, uuid, , , , fresh]) => {
      if (fresh === true) mark(uuid as string, 'apiWriteEnd');
    },
  });
  // Scheduled and decided: the write joins its project's batch queue.
  wrap(LedgerBatches.prototype, 'write', {
    before: (_s, [, write]) => {
      for (const uuid of containersOf(write)) mark(uuid, 'apiQueued');
    },
  });
  // The batch's one transaction (every create in it shares these marks).
  wrap(LedgerBatches.prototype, 'appendInLockOrder', {
    before: (_s, [batch]) => {
      for (const uuid of containersOf({ entries: batch })) mark(uuid, 'apiAppendStart');
    },
    after: (_s, [batch], ok) => {
      if (ok) for (const uuid of containersOf({ entries: batch })) mark(uuid, 'apiAppendEnd');
    },
  });
  wrap(ContainerRepository.prototype, 'append', {
    before: (_s, [uuid, events]) => {
      if (firstType(events) === 'ContainerCreated') {
        mark(uuid as string, 'outcomeAppendStart');
        const m = marks.get(uuid as string);
        if (m) m.outcomeAppends = (m.outcomeAppends ?? 0) + 1;
      }
    },
    after: (_s, [uuid, events], ok) => {
      if (ok && firstType(events) === 'ContainerCreated') mark(uuid as string, 'outcomeAppendEnd');
    },
  });
  wrap(ContainerRepository.prototype, 'load', {
    after: (_s, [uuid]) => {
      const m = marks.get(uuid as string);
      if (m?.computeRecv !== undefined) mark(uuid as string, 'computeLoaded');
    },
  });
  wrap(RequestProcessor.prototype, 'process', {
    before: (_s, [uuid]) => mark(uuid as string, 'computeRecv'),
  });
  wrap(DockerRuntime.prototype, 'createContainer', {
    before: (_s, [spec]) => mark((spec as { uuid: string }).uuid, 'dockerCreateStart'),
    after: (_s, [spec]) => mark((spec as { uuid: string }).uuid, 'dockerCreateEnd'),
  });
  wrap(DockerRuntime.prototype, 'start', {
    before: (_s, [uuid]) => mark(uuid as string, 'dockerStartStart'),
    after: (_s, [uuid]) => mark(uuid as string, 'dockerStartEnd'),
  });
  wrap(DockerRuntime.prototype, 'inspect', {
    after: (_s, [uuid]) => {
      if (marks.get(uuid as string)?.dockerStartEnd !== undefined)
        mark(uuid as string, 'dockerInspectEnd');
    },
  });
  wrap(ProjectionRunner.prototype, 'receive', {
    before: (_s, [event]) => {
      const e = event as RecordedEvent;
      const uuid = uuidOfStream(e.stream);
      if (uuid && e.type === 'ContainerCreateRequested') mark(uuid, 'projReqRecv');
      if (uuid && e.type === 'ContainerCreated') mark(uuid, 'projRecv');
    },
  });
  // A flush ends when its batch committed (its NOTIFY is sent then, not awaited).
  wrap(ProjectionRunner.prototype, 'flush', {
    capture: (self) => {
      profileProjections(self);
      const batch = (self as { buffer: RecordedEvent[] }).buffer;
      if (batch.length > 0) {
        projectorProfile.batches++;
        projectorProfile.events += batch.length;
      }
      const of = (type: string): string[] =>
        batch
          .filter((e) => e.type === type)
          .map((e) => uuidOfStream(e.stream))
          .filter((u): u is string => u !== null);
      const created = of('ContainerCreated');
      for (const uuid of created) mark(uuid, 'projFlushStart');
      const requested = of('ContainerCreateRequested');
      for (const uuid of requested) mark(uuid, 'projReqFlushStart');
      return { created, requested, at: performance.now() };
    },
    after: (_s, _a, ok, ctx) => {
      if (!ok) return;
      const { created, requested, at } = ctx as {
        created: string[];
        requested: string[];
        at: number;
      };
      projectorProfile.flushMs += performance.now() - at;
      for (const uuid of created) mark(uuid, 'projCommit');
      for (const uuid of requested) mark(uuid, 'projReqCommit');
    },
  });
}

/** Times each projection's apply of this runner (once per runner instance). */
function profileProjections(runner: unknown): void {
  const projections = (runner as { projections: Array<{ name: string; apply: AnyMethod }> })
    .projections;
  if (profiled.has(projections)) return;
  profiled.add(projections);
  for (const projection of projections) {
    const original = projection.apply.bind(projection);
    projection.apply = async (...args: unknown[]): Promise<unknown> => {
      const at = performance.now();
      try {
        return await original(...args);
      } finally {
        const spent = projectorProfile.applyMs.get(projection.name) ?? 0;
        projectorProfile.applyMs.set(projection.name, spent + performance.now() - at);
      }
    };
  }
}
