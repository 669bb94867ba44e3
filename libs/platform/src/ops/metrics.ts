import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * Every Berth metric, declared once per process on prom-client's default registry (a second
 * declaration of a name throws, and the all-in-one and tests run several modules in one process).
 * Labels are bounded sets: route templates, action names, runtime operations, outcomes; never
 * a raw path, an id, a project or a host beyond the few a deployment has.
 */
let defaultsCollected = false;

/** Node's own process metrics (heap, event loop lag, handles), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ prefix: 'berth_' });
}

const SECONDS_FAST = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export const httpRequestDuration = new Histogram({
  name: 'berth_http_request_duration_seconds',
  help: 'HTTP requests by method, route template and status, from arrival to the last byte',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS_FAST,
});

export const actionsTotal = new Counter({
  name: 'berth_actions_total',
  help: 'Container actions finished by compute, by action and outcome (success or error)',
  labelNames: ['action', 'outcome'] as const,
});

export const eventAppendDuration = new Histogram({
  name: 'berth_event_append_duration_seconds',
  help: 'Appends to the event log, by outcome (ok, conflict, error)',
  labelNames: ['outcome'] as const,
  buckets: SECONDS_FAST,
});

export const projectionPosition = new Gauge({
  name: 'berth_projection_position',
  help: 'Global position (event number) of the last event a projection committed',
  labelNames: ['projection'] as const,
});

export const projectionLagEvents = new Gauge({
  name: 'berth_projection_lag_events',
  help: 'Events in the log a projection has not applied yet, as of the last readiness check or scrape',
  labelNames: ['projection'] as const,
});

export const placementsTotal = new Counter({
  name: 'berth_placements_total',
  help: 'Scheduler decisions by outcome (placed, refused)',
  labelNames: ['outcome'] as const,
});

export const schedulerDuration = new Histogram({
  name: 'berth_scheduler_duration_seconds',
  help: 'Time the scheduler took to choose a host',
  buckets: SECONDS_FAST,
});

export const dockerCallDuration = new Histogram({
  name: 'berth_docker_call_duration_seconds',
  help: 'Container engine calls by operation and outcome (ok, error)',
  labelNames: ['operation', 'outcome'] as const,
  buckets: SECONDS_SLOW,
});

export const consoleSessions = new Gauge({
  name: 'berth_console_sessions',
  help: 'Interactive console and attach sessions open now',
  labelNames: ['kind'] as const,
});

export const metricsRegistry = register;
