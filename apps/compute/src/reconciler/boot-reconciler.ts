import { Logger } from '@nestjs/common';
import { attemptFailedOn, onBehalfOf } from '@berth/domain';
import {
  RuntimeContainerNotFoundError,
  type ContainerRuntime,
  type ContainerSnapshot,
} from '@berth/drivers';
import { CONFLICTS, handleCommand, type ContainerRepository } from '@berth/platform';
import type { Pool } from 'pg';
import type { KeyedQueue } from '../dispatch/keyed-queue';
import { driftedContainers, type KnownState } from './drift';
import { reconcile, type Reconciliation } from './reconcile';

/** Where the reconciler learns which containers the log places on a host. */
export interface KnownContainers {
  onHost(hostname: string): Promise<string[]>;
  /** Their status as the read table shows it, for the periodic sync's cheap comparison. */
  statesOnHost(hostname: string): Promise<KnownState[]>;
}

/**
 * The projector's `containers` table: a hint only (it may lag the log), since every decision is
 * made from the container's own stream.
 */
export class ReadTableContainers implements KnownContainers {
  constructor(
    private readonly pool: Pool,
    private readonly readSchema: string,
  ) {}

  async onHost(hostname: string): Promise<string[]> {
    return (await this.statesOnHost(hostname)).map((row) => row.uuid);
  }

  async statesOnHost(hostname: string): Promise<KnownState[]> {
    const { rows } = await this.pool.query<KnownState>(
      `SELECT uuid, status, task_state, docker_id FROM "${this.readSchema}".containers
        WHERE host = $1 AND NOT deleted`,
      [hostname],
    );
    return rows;
  }
}

export type ReconcileSummary = Record<Reconciliation['kind'] | 'failed', string[]>;

/**
 * Runs once when compute starts, before it takes requests: whatever Docker did while compute was
 * down (a container exited, was removed, was started by its restart policy) is appended to the
 * container's stream, Docker winning. Candidates are the union of the containers the read table
 * places on this host and the Berth containers Docker holds; each is decided from its stream and
 * a fresh inspect, on the same per-container queue as the observer, so the two never interleave.
 */
export class BootReconciler {
  private readonly logger = new Logger(BootReconciler.name);

  constructor(
    private readonly hostname: string,
    private readonly runtime: ContainerRuntime,
    private readonly containers: Pick<ContainerRepository, 'load' | 'append'>,
    private readonly known: KnownContainers,
    private readonly queue: KeyedQueue,
  ) {}

  async run(): Promise<ReconcileSummary> {
    const uuids = await this.candidates();
    const summary = await this.reconcileEach(uuids);
    const changed = summary.append.length + summary.remove.length;
    this.logger.log(
      `reconciled ${uuids.size} containers on ${this.hostname}: ${changed} caught up, ` +
        `${summary.warn.length} left alone, ${summary.failed.length} failed`,
    );
    return summary;
  }

  /**
   * Zun's periodic sync_container_state, made cheap: Docker's list beside the read table, and only
   * the containers that differ decided on their streams. Catches what no event reported (a pause
   * behind Berth's back, a fact missed while the event stream was reconnecting).
   */
  async sync(): Promise<ReconcileSummary> {
    const known = await this.known.statesOnHost(this.hostname);
    const drifted = driftedContainers(known, await this.runtime.list());
    const summary = await this.reconcileEach(new Set(drifted));
    const changed = summary.append.length + summary.remove.length;
    if (changed > 0) this.logger.log(`sync on ${this.hostname}: ${changed} caught up`);
    return summary;
  }

  private async reconcileEach(uuids: ReadonlySet<string>): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { none: [], append: [], remove: [], warn: [], failed: [] };
    await Promise.all(
      [...uuids].map(
        (uuid) =>
          new Promise<void>((resolve) =>
            this.queue.push(
              uuid,
              async () => {
                summary[await this.reconcileOne(uuid)].push(uuid);
              },
              (error) => {
                if (error) {
                  summary.failed.push(uuid);
                  this.logger.error(`reconciling ${uuid}: ${error.message}`);
                }
                resolve();
              },
            ),
          ),
      ),
    );
    return summary;
  }

  private async candidates(): Promise<Set<string>> {
    const uuids = new Set<string>();
    const fromLog = await this.known.onHost(this.hostname).catch((error: Error) => {
      this.logger.warn(`read table not consulted: ${error.message}`);
      return [];
    });
    fromLog.forEach((uuid) => uuids.add(uuid));
    for (const snapshot of await this.runtime.list()) {
      if (snapshot.uuid) uuids.add(snapshot.uuid);
    }
    return uuids;
  }

  private async reconcileOne(uuid: string): Promise<Reconciliation['kind']> {
    // The last decision, for what is done outside the log (a warning, a removal).
    const last: { decision: Reconciliation; docker?: ContainerSnapshot } = {
      decision: { kind: 'none' },
    };
    const handled = await handleCommand({
      load: () => this.containers.load(uuid),
      decide: async (loaded) => {
        const docker = await this.inspect(uuid);
        const decision = reconcile(this.hostname, loaded.state, docker, new Date().toISOString(), {
          attemptFailedHere: attemptFailedOn(loaded.events, this.hostname),
        });
        Object.assign(last, { decision, docker });
        return decision.kind === 'append' && loaded.state.exists
          ? { events: decision.events, state: loaded.state }
          : null;
      },
      append: ({ events, state }, { revision }) => {
        const requestId = `reconciled-${uuid.slice(0, 8)}-${Date.now()}`;
        return this.containers.append(uuid, events, revision, onBehalfOf(state, requestId, uuid));
      },
      // Someone appended meanwhile (an API request): decided again from the new history.
      conflicts: CONFLICTS.background,
      gaveUp: () =>
        new Error(
          `stream kept moving; not reconciled after ${CONFLICTS.background.attempts} tries`,
        ),
    });
    if (handled.appended) {
      this.logger.log(`${uuid}: ${handled.decision.events.map((e) => e.type).join(', ')}`);
      return 'append';
    }
    const { decision, docker } = last;
    switch (decision.kind) {
      case 'warn':
        this.logger.warn(
          `${uuid} (${docker?.dockerName ?? 'no Docker container'}): ${decision.reason}`,
        );
        return decision.kind;
      case 'remove':
        this.logger.log(`removing ${uuid}: ${decision.reason}`);
        // Named volumes are user data: never removed with the container.
        await this.runtime.remove(uuid, { force: true, removeVolumes: false });
        return decision.kind;
      default:
        return 'none';
    }
  }

  private async inspect(uuid: string): Promise<ContainerSnapshot | undefined> {
    try {
      return await this.runtime.inspect(uuid);
    } catch (error) {
      if (error instanceof RuntimeContainerNotFoundError) return undefined;
      throw error;
    }
  }
}
