import { Logger } from '@nestjs/common';
import { onBehalfOf } from '@berth/domain';
import {
  RuntimeContainerNotFoundError,
  goesOn,
  type ContainerRuntime,
  type EventSubscription,
  type RuntimeEvent,
} from '@berth/drivers';
import {
  CONFLICTS,
  StreamKeptMoving,
  handleCommand,
  type ContainerRepository,
} from '@berth/platform';
import type { KeyedQueue } from '../dispatch/keyed-queue';
import { observe, type DockerFact } from './observe';

const SIGKILL_EXIT_CODE = 137;
const SIGKILL_RECHECK_MS = 200;

/**
 * Watches the engine's events for Berth containers and records what nobody asked for: a process
 * that exited, an OOM kill, a restart by policy, an auto-removed container, a pause or unpause. Runs on the same
 * per-container queue as requests, so a fact and an action on one container never interleave.
 */
export class DockerObserver {
  private readonly logger = new Logger(DockerObserver.name);
  private subscription: EventSubscription | undefined;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly containers: ContainerRepository,
    private readonly queue: KeyedQueue,
  ) {}

  async start(): Promise<void> {
    this.subscription = this.runtime.events((event) => this.receive(event), {
      onError: (error) => this.logger.warn(`Docker event stream: ${error.message}`),
    });
    await this.subscription.ready;
  }

  stop(): void {
    this.subscription?.stop();
  }

  private receive(event: RuntimeEvent): void {
    if (!['die', 'start', 'destroy', 'pause', 'unpause'].includes(event.action)) return;
    this.queue.push(
      event.uuid,
      () => this.record(event),
      (error) => error && this.logger.warn(`${event.action} of ${event.uuid}: ${error.message}`),
    );
  }

  private async record(event: RuntimeEvent): Promise<void> {
    const fact = await this.factOf(event);
    const requestId = `observed-${event.dockerId.slice(0, 12)}-${event.time.getTime()}`;
    await handleCommand({
      load: () => this.containers.load(event.uuid),
      decide: ({ state }) => {
        const events = observe(state, fact, event.time.toISOString());
        return events.length === 0 || !state.exists ? null : { events, state };
      },
      append: ({ events, state }, { revision }) =>
        this.containers.append(
          event.uuid,
          events,
          revision,
          onBehalfOf(state, requestId, event.uuid),
        ),
      conflicts: CONFLICTS.background,
    }).catch((error: unknown) => {
      // Given up: the periodic sync compares Docker with the log and catches the fact up.
      if (!(error instanceof StreamKeptMoving)) throw error;
    });
  }

  /**
   * A SIGKILL exit is asked about once more before it is called a plain exit: Docker may mark the
   * OOM kill a moment after it reports the death (containerd's oom and exit events race), and a
   * forced removal (`docker rm -f`) kills the container just before it removes it.
   */
  private async afterSigkill(uuid: string): Promise<{ oomKilled: boolean; removed: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, SIGKILL_RECHECK_MS));
    try {
      return { oomKilled: (await this.runtime.inspect(uuid)).oomKilled, removed: false };
    } catch (error) {
      if (error instanceof RuntimeContainerNotFoundError)
        return { oomKilled: false, removed: true };
      return { oomKilled: false, removed: false };
    }
  }

  private async factOf(event: RuntimeEvent): Promise<DockerFact> {
    const { dockerId } = event;
    if (event.action === 'destroy') return { kind: 'destroyed', dockerId };
    const snapshot = await this.runtime.inspect(event.uuid).catch(() => null);
    if (event.action === 'pause' || event.action === 'unpause') {
      const kind = event.action === 'pause' ? 'paused' : 'unpaused';
      return { kind, dockerId, nowPaused: snapshot?.status === 'paused' };
    }
    const runningNow = snapshot !== null && goesOn(snapshot.status);
    if (event.action === 'start') {
      return { kind: 'started', dockerId, restartCount: snapshot?.restartCount ?? 0, runningNow };
    }
    const exitCode = event.exitCode ?? snapshot?.exitCode ?? -1;
    const later =
      snapshot !== null && exitCode === SIGKILL_EXIT_CODE && !snapshot.oomKilled
        ? await this.afterSigkill(event.uuid)
        : { oomKilled: false, removed: snapshot === null };
    return {
      kind: 'died',
      dockerId,
      exitCode,
      oomKilled: (snapshot?.oomKilled ?? false) || later.oomKilled,
      finishedAt: (snapshot?.finishedAt ?? event.time).toISOString(),
      runningNow,
      removed: later.removed,
    };
  }
}
