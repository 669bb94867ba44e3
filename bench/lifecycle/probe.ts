import { performance } from 'node:perf_hooks';
import { DockerRuntime, type RecordedEvent } from '@berth/drivers';
import { ContainerRepository } from '@berth/platform';
import { ContainerWriter } from '../../apps/api/src/containers/commands/container-writer';
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
  | 'projRecv'
  | 'projFlushStart'
  | 'projCommit';

const marks = new Map<string, Marks>();

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

/** Installs the probes; call once before the app is built. */
export function installProbes(): void {
  wrap(ContainerWriter.prototype, 'execute', {
    before: (_s, [command]) => {
      const c = command as { type: string; data: { uuid: string } };
      if (c.type === 'CreateContainer') mark(c.data.uuid, 'apiWriteStart');
    },
    after: (_s, [command]) => {
      const c = command as { type: string; data: { uuid: string } };
      if (c.type === 'CreateContainer') mark(c.data.uuid, 'apiWriteEnd');
    },
  });
  wrap(ContainerRepository.prototype, 'append', {
    before: (_s, [uuid, events]) => {
      const type = firstType(events);
      if (type === 'ContainerCreateRequested') mark(uuid as string, 'apiAppendStart');
      if (type === 'ContainerCreated') {
        mark(uuid as string, 'outcomeAppendStart');
        const m = marks.get(uuid as string);
        if (m) m.outcomeAppends = (m.outcomeAppends ?? 0) + 1;
      }
    },
    after: (_s, [uuid, events], ok) => {
      if (!ok) return;
      const type = firstType(events);
      if (type === 'ContainerCreateRequested') mark(uuid as string, 'apiAppendEnd');
      if (type === 'ContainerCreated') mark(uuid as string, 'outcomeAppendEnd');
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
      if (uuid && e.type === 'ContainerCreated') mark(uuid, 'projRecv');
    },
  });
  wrap(ProjectionRunner.prototype, 'flush', {
    capture: (self) => {
      const batch = (self as { buffer: RecordedEvent[] }).buffer;
      const created = batch
        .filter((e) => e.type === 'ContainerCreated')
        .map((e) => uuidOfStream(e.stream))
        .filter((u): u is string => u !== null);
      for (const uuid of created) mark(uuid, 'projFlushStart');
      return created;
    },
    after: (_s, _a, ok, created) => {
      if (ok) for (const uuid of created as string[]) mark(uuid, 'projCommit');
    },
  });
}
