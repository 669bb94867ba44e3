import { Injectable } from '@nestjs/common';
import {
  decide,
  evolve,
  isAwaitingOutcome,
  projectStream,
  quotaEffectsOf,
  type ContainerCommand,
  type ContainerEvent,
  type PresentContainer,
} from '@berth/domain';
import type { AppendResult } from '@berth/drivers';
import { CONFLICTS, ContainerRepository, handleCommand } from '@berth/platform';
import { Conflict } from '../../errors';
import { metadataOf, type RequestContext } from '../../request-context';
import { ProjectionWaiter } from '../../read-your-writes';

const OUTCOME_WAIT_MS = 15_000;
const OUTCOME_POLL_MS = 20;

export interface WriteResult {
  state: PresentContainer;
  events: ContainerEvent[];
  append: AppendResult;
}

/**
 * The API's one way to change a container alone: load its stream, decide, append at the revision
 * read, then wait until the read tables have caught up. A concurrent writer makes the append fail;
 * the command is then decided again against the new history. (Changes that also claim quota or
 * host capacity go through ResourceWriter.)
 */
@Injectable()
export class ContainerWriter {
  constructor(
    private readonly containers: ContainerRepository,
    private readonly waiter: ProjectionWaiter,
  ) {}

  /** `andThen`: outcome events the API already knows, appended atomically after the decision's. */
  async execute(
    command: ContainerCommand,
    ctx: RequestContext,
    andThen: ContainerEvent[] = [],
  ): Promise<WriteResult> {
    const uuid = command.data.uuid;
    const {
      loaded,
      decision: events,
      result: append,
    } = await handleCommand({
      load: () => this.containers.load(uuid),
      decide: (loaded) => [...decide(loaded.state, command), ...andThen],
      // An outcome decided here frees what it frees in the same transaction (a delete done at once
      // gives back its quota), as compute's outcomes do.
      append: (events, loaded) =>
        this.containers.append(
          uuid,
          events,
          loaded.revision,
          metadataOf(ctx),
          loaded.state.exists
            ? [
                {
                  stream: projectStream(loaded.state.project_id),
                  events: quotaEffectsOf(loaded.state, events, command.data.at),
                },
              ]
            : [],
        ),
      conflicts: CONFLICTS.request,
      gaveUp: () => busy(uuid),
    });
    await this.waiter.waitFor(append.position);
    const state = events.reduce(evolve, loaded.state) as PresentContainer;
    return { state, events, append };
  }

  /**
   * Waits, bounded, for compute to answer `request_id`, as Zun's synchronous RPC would, and returns
   * the container as it then is. Past the bound the action goes on; the state returned still
   * shows it pending.
   */
  async awaitOutcome(
    uuid: string,
    request_id: string,
    timeoutMs = OUTCOME_WAIT_MS,
  ): Promise<PresentContainer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const loaded = await this.containers.load(uuid);
      const settled = !isAwaitingOutcome(loaded.state, request_id);
      if (settled || Date.now() >= deadline) {
        if (loaded.position) await this.waiter.waitFor(loaded.position);
        return loaded.state as PresentContainer;
      }
      await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
    }
  }

  /**
   * Appends an outcome the API produced itself (an exec it ran synchronously). An outcome is a
   * fact, so a concurrent append only means reading the new revision and appending after it.
   */
  async record(uuid: string, events: ContainerEvent[], ctx: RequestContext): Promise<void> {
    const { result } = await handleCommand({
      load: () => this.containers.load(uuid),
      decide: () => events,
      append: (facts, loaded) =>
        this.containers.append(uuid, facts, loaded.revision, metadataOf(ctx)),
      conflicts: CONFLICTS.request,
      gaveUp: () => busy(uuid),
    });
    await this.waiter.waitFor(result.position);
  }
}

function busy(uuid: string): Conflict {
  return new Conflict(`Container ${uuid} is being changed by another request; try again.`);
}
