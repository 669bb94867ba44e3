/** Docker's own container events, narrowed to the ones a Berth compute acts on. */

export const RUNTIME_EVENT_ACTIONS = [
  'create',
  'start',
  'die',
  'oom',
  'stop',
  'kill',
  'pause',
  'unpause',
  'restart',
  'destroy',
  'health_status',
] as const;

export type RuntimeEventAction = (typeof RUNTIME_EVENT_ACTIONS)[number];

export interface RuntimeEvent {
  uuid: string;
  dockerId: string;
  action: RuntimeEventAction;
  /** Set on `die`. */
  exitCode?: number;
  /** Set on `health_status`: "healthy" | "unhealthy" | "starting". */
  health?: string;
  /** Set on `kill`. */
  signal?: string;
  time: Date;
}

export interface EventWatchOptions {
  /** Replay from this time (unix seconds) before following; defaults to now. */
  since?: number;
  /** Told about stream failures before each reconnect; the watcher keeps going. */
  onError?: (error: Error) => void;
  /** Delay before reconnecting, ms. */
  reconnectDelayMs?: number;
}

export interface EventSubscription {
  /** Resolves once the first Docker event stream is open, so no later event is missed. */
  ready: Promise<void>;
  stop(): void;
}
