import type { ContainerEvent } from './container.events';
import type { ContainerCreateAttemptFailed } from './container.events.placement';
import type { ContainerState } from './container.state';

/** One host a create was tried on and why it failed there. */
export interface FailedAttempt {
  host: string;
  attempt: number;
  reason: string;
}

/** Where a create stands across hosts, read off its stream. */
export interface CreatePlacement {
  /** The host of the latest attempt. */
  host: string;
  /** 1 for the host the API chose; one more per reschedule. */
  attempt: number;
  /** The latest attempt failed and nothing has been placed since: the rescheduler's turn. */
  failed: boolean;
  failures: FailedAttempt[];
}

/**
 * Folds the placement events of create `request_id`. Compute acts on a create only when the
 * latest attempt is on its host and has not failed; the rescheduler acts only on a failed latest
 * attempt. Both decide from the stream, so redelivered events do nothing twice.
 */
export function placementOf(
  events: readonly ContainerEvent[],
  request_id: string,
): CreatePlacement | null {
  let placement = null as CreatePlacement | null;
  for (const event of events) {
    if (!('request_id' in event.data) || event.data.request_id !== request_id) continue;
    switch (event.type) {
      case 'ContainerCreateRequested':
        placement ??= { host: event.data.host, attempt: 1, failed: false, failures: [] };
        break;
      case 'ContainerCreateAttemptFailed':
        if (placement && event.data.attempt === placement.attempt && !placement.failed) {
          const { host, attempt, reason } = event.data;
          placement = {
            ...placement,
            failed: true,
            failures: [...placement.failures, { host, attempt, reason }],
          };
        }
        break;
      case 'ContainerRescheduled':
        if (placement && event.data.attempt > placement.attempt) {
          placement = {
            ...placement,
            host: event.data.host,
            attempt: event.data.attempt,
            failed: false,
          };
        }
        break;
      default:
        break;
    }
  }
  return placement;
}

/**
 * Gives up the pending create's latest attempt on `host`, whose compute stopped answering before
 * it recorded an outcome: the rescheduler then treats it as any failed attempt. Null when there is
 * nothing to give up: no create pending, or its latest attempt is elsewhere or already failed.
 */
export function abandonAttempt(
  state: ContainerState,
  events: readonly ContainerEvent[],
  host: string,
  reason: string,
  at: string,
): ContainerCreateAttemptFailed | null {
  if (!state.exists || state.pending?.action !== 'create') return null;
  const { request_id } = state.pending;
  const placement = placementOf(events, request_id);
  if (!placement || placement.host !== host || placement.failed) return null;
  return {
    type: 'ContainerCreateAttemptFailed',
    version: 1,
    data: { request_id, at, host, reason, attempt: placement.attempt },
  };
}

/**
 * Whether a create attempt on `host` failed or was given up: a Docker container that attempt
 * left behind on `host` belongs to nobody, since the create went on elsewhere or failed.
 */
export function attemptFailedOn(events: readonly ContainerEvent[], host: string): boolean {
  return events.some((e) => e.type === 'ContainerCreateAttemptFailed' && e.data.host === host);
}

/** Hosts a create must not be placed on again. */
export function excludedHosts(placement: CreatePlacement): string[] {
  return [...new Set(placement.failures.map((f) => f.host))];
}

/** An event row inside an action of the log, for a fact that neither opens nor closes it. */
export interface ActionLogEventRow {
  request_id: string;
  zun_event: string;
  result: 'Success' | 'Error';
  message: string | null;
}

/**
 * How an attempt shows in the action log, as an event row of the create action (Zun and Nova
 * record each try of a build as an event of the same action). The action itself stays open.
 */
export function placementLogOf(event: ContainerEvent): ActionLogEventRow | null {
  switch (event.type) {
    case 'ContainerCreateAttemptFailed':
      return {
        request_id: event.data.request_id,
        zun_event: 'compute__do_container_create',
        result: 'Error',
        message: `attempt ${event.data.attempt} on ${event.data.host}: ${event.data.reason}`,
      };
    case 'ContainerRescheduled':
      return {
        request_id: event.data.request_id,
        zun_event: 'scheduler_reschedule',
        result: 'Success',
        message: `attempt ${event.data.attempt} on ${event.data.host}`,
      };
    default:
      return null;
  }
}
