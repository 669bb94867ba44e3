import { Logger } from '@nestjs/common';
import {
  capacityEffectsOf,
  failureFor,
  hasOutcome,
  placementOf,
  projectStream,
  quotaEffectsOf,
  isAwaitingOutcome,
  type ContainerCreateRequested,
  type ContainerEvent,
  type ContainerRequestEvent,
  type ContainerRescheduled,
  type CreatePlacement,
  type EventMetadata,
} from '@berth/domain';
import type { ContainerRuntime, RecordedEvent } from '@berth/drivers';
import {
  CONFLICTS,
  DEFAULT_RETRY,
  actionsTotal,
  handleCommand,
  withRetry,
  type ContainerRepository,
  type LoadedContainer,
  type RetryPolicy,
  type SideEffect,
} from '@berth/platform';
import type { ComputeConfig } from '../compute.config';
import { handlerFor } from './handlers/handler-registry';
import { isHostSpecificFailure } from './handlers/host-failure';
import { now } from './handlers/request-handler';

/** What compute acts on: a request, or a create rescheduled onto its host (the create again). */
export type ComputeTrigger = RecordedEvent & (ContainerRequestEvent | ContainerRescheduled);

/** What the processor needs of the container repository. */
export type Containers = Pick<ContainerRepository, 'load' | 'append'>;

/**
 * Turns one request event into Docker work and its outcome event. Delivery is at-least-once, so it
 * decides from the stream first: a request that is not the pending one (already answered, or
 * superseded by a forced delete) is left alone, and the outcome is appended at the revision read.
 *
 * A Docker failure is the action's failure and becomes its `<X>Failed` outcome. Any other failure
 * (the event store unreachable, a connection dropped mid-append) says nothing about the action:
 * it is retried with backoff, and if it persists `process` rejects, so the caller keeps the
 * request unfinished and a restart redelivers it.
 */
export class RequestProcessor {
  private readonly logger = new Logger(RequestProcessor.name);

  constructor(
    private readonly containers: Containers,
    private readonly runtime: ContainerRuntime,
    private readonly config: ComputeConfig,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async process(uuid: string, trigger: ComputeTrigger): Promise<void> {
    const loaded = await this.load(uuid);
    const { state } = loaded;
    const { request_id } = trigger.data;
    const me = this.config.hostname;
    if (!state.exists || state.host !== me) return;
    if (!isAwaitingOutcome(state, request_id) || !state.pending) return;
    const request =
      trigger.type === 'ContainerRescheduled' ? createOf(loaded.events, request_id) : trigger;
    if (!request) return;
    // A create is this host's only while its latest attempt is here and has not failed.
    let placement: CreatePlacement | null = null;
    if (state.pending.action === 'create') {
      placement = placementOf(loaded.events, request_id);
      if (!placement || placement.host !== me || placement.failed) return;
    }
    const handler = handlerFor(request);
    if (!handler) return;

    let outcome: ContainerEvent[];
    let failed = false;
    const implied: SideEffect[] = [];
    const action = state.pending.action;
    try {
      outcome = await handler({
        state,
        request,
        runtime: this.runtime,
        config: this.config,
        alongside: implied,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${request.type} ${uuid} failed: ${reason}`);
      outcome =
        placement && isHostSpecificFailure(error)
          ? [
              {
                type: 'ContainerCreateAttemptFailed',
                version: 1,
                data: { request_id, at: now(), host: me, reason, attempt: placement.attempt },
              },
            ]
          : [failureFor(state.pending, reason, now())];
      implied.length = 0;
      failed = true;
    }
    const at = now();
    const alongside = [
      { stream: projectStream(state.project_id), events: quotaEffectsOf(state, outcome, at) },
      ...capacityEffectsOf(state, outcome, at),
      ...implied,
    ];
    await this.appendOutcome(uuid, request_id, outcome, loaded, alongside, placement, {
      ...trigger.metadata,
      causation_id: trigger.id,
    });
    actionsTotal.inc({ action, outcome: failed ? 'error' : 'success' });
  }

  private load(uuid: string): Promise<LoadedContainer> {
    return withRetry(
      this.retry,
      () => this.containers.load(uuid),
      (error, failures, delay) =>
        this.logger.warn(
          `loading ${uuid} failed (${failures}), retrying in ${delay} ms: ${error.message}`,
        ),
    );
  }

  /**
   * Appends at the revision the decision was made against. After any failure the stream is read
   * again: the append may have committed before its connection dropped, or someone else appended,
   * and in either case the outcome must not be written twice.
   */
  private async appendOutcome(
    uuid: string,
    request_id: string,
    outcome: ContainerEvent[],
    loaded: LoadedContainer,
    alongside: readonly SideEffect[],
    placement: CreatePlacement | null,
    metadata: EventMetadata,
  ): Promise<void> {
    const handled = await handleCommand({
      loaded,
      load: () => this.load(uuid),
      decide: (current) => {
        if (placement && !stillAttempt(current.events, request_id, placement)) return null;
        if (hasOutcome(current.events, request_id)) return null;
        if (!isAwaitingOutcome(current.state, request_id)) return null;
        return outcome;
      },
      append: (events, current) =>
        this.containers.append(uuid, events, current.revision, metadata, alongside),
      conflicts: CONFLICTS.background,
      gaveUp: (last) =>
        new Error(
          `could not append the outcome of ${request_id} after ${CONFLICTS.background.attempts} conflicts`,
          { cause: last },
        ),
      transient: {
        ...this.retry,
        onRetry: (error, failures, delay) =>
          this.logger.warn(
            `appending the outcome of ${request_id} failed (${failures}), retrying in ${delay} ms: ${error.message}`,
          ),
      },
    });
    if (handled.appended || !placement) return;
    // A failed attempt written already (the append committed before its connection dropped),
    // or this host's attempt given up meanwhile (its service was down) with the create gone
    // on elsewhere: then what was made here is nobody's.
    if (stillAttempt(handled.loaded.events, request_id, placement)) return;
    if (!outcome.some((e) => e.type === 'ContainerCreateAttemptFailed')) {
      this.logger.warn(`create ${request_id} moved on from ${this.config.hostname}; dropped`);
      await this.runtime.remove(uuid, { force: true, removeVolumes: false }).catch(() => {});
    }
  }
}

/** Whether the create's latest attempt is still `attempt`, and not failed. */
function stillAttempt(
  events: readonly ContainerEvent[],
  request_id: string,
  attempt: CreatePlacement,
): boolean {
  const now = placementOf(events, request_id);
  return now !== null && now.attempt === attempt.attempt && !now.failed;
}

/** The create request a reschedule points back to. */
function createOf(
  events: readonly ContainerEvent[],
  request_id: string,
): ContainerCreateRequested | undefined {
  return events.find(
    (e): e is ContainerCreateRequested =>
      e.type === 'ContainerCreateRequested' && e.data.request_id === request_id,
  );
}
