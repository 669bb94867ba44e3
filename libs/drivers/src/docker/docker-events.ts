import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import { LABEL_UUID } from './labels';
import {
  RUNTIME_EVENT_ACTIONS,
  type EventSubscription,
  type EventWatchOptions,
  type RuntimeEvent,
  type RuntimeEventAction,
} from './runtime-event.types';

interface RawEvent {
  Type?: string;
  Action?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Docker spells health events "health_status: healthy"; the action is the part before ':'. */
export function runtimeEventOf(raw: RawEvent): RuntimeEvent | undefined {
  const [head, detail] = (raw.Action ?? '').split(':').map((s) => s.trim());
  const attributes = raw.Actor?.Attributes ?? {};
  const uuid = attributes[LABEL_UUID];
  if (!uuid || !(RUNTIME_EVENT_ACTIONS as readonly string[]).includes(head)) return undefined;
  const event: RuntimeEvent = {
    uuid,
    dockerId: raw.Actor?.ID ?? raw.id ?? '',
    action: head as RuntimeEventAction,
    time: new Date(raw.timeNano !== undefined ? raw.timeNano / 1e6 : (raw.time ?? 0) * 1000),
  };
  if (attributes.exitCode !== undefined) event.exitCode = Number(attributes.exitCode);
  if (head === 'health_status' && detail) event.health = detail;
  if (attributes.signal !== undefined) event.signal = attributes.signal;
  return event;
}

/**
 * Follows Docker's event stream for Berth containers and reopens it whenever it ends, resuming
 * from the last event seen so a daemon restart loses nothing (an event may then arrive twice;
 * Berth's handlers are idempotent).
 */
export function watchEvents(
  docker: Dockerode,
  onEvent: (event: RuntimeEvent) => void,
  options: EventWatchOptions = {},
): EventSubscription {
  let stopped = false;
  let current: Readable | undefined;
  // Resuming always passes `since`, so events during a gap before the first one are replayed too.
  let since: number = options.since ?? Date.now() / 1000;
  let lastNano = 0;
  let markReady: () => void = () => undefined;
  let wake: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const handleLine = (line: string): void => {
    if (line.trim() === '') return;
    const raw = JSON.parse(line) as RawEvent;
    const nano = raw.timeNano ?? 0;
    if (nano < lastNano) return;
    lastNano = nano;
    since = nano / 1e9;
    const event = runtimeEventOf(raw);
    if (event) onEvent(event);
  };

  const follow = async (): Promise<void> => {
    const stream = (await docker.getEvents({
      since,
      filters: { type: ['container'], label: [LABEL_UUID], event: [...RUNTIME_EVENT_ACTIONS] },
    })) as Readable;
    current = stream;
    markReady();
    if (stopped) stream.destroy();
    let pending = '';
    for await (const chunk of stream) {
      pending += (chunk as Buffer).toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(handleLine);
    }
  };

  // A pause that stop() can cut short, so a stopped watcher leaves no timer behind.
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        await follow();
      } catch (err) {
        if (!stopped) options.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
      if (!stopped) await pause(options.reconnectDelayMs ?? 1000);
    }
  };
  void loop();

  return {
    ready,
    stop(): void {
      stopped = true;
      current?.destroy();
      wake?.();
      markReady();
    },
  };
}
