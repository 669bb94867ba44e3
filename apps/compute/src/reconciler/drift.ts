import type { ContainerSnapshot } from '@berth/drivers';
import { agreesWithDocker } from './reconcile';

/** A container of this host as the read table shows it: a hint, decided again on its stream. */
export interface KnownState {
  uuid: string;
  status: string;
  /** Set while an action is under way: its outcome will tell, so it is left alone. */
  task_state: string | null;
  docker_id: string | null;
}

/**
 * The containers whose Docker state the read table does not show: a Docker container in another
 * status than its row, or a row whose Docker container is gone. Only these are reconciled on their
 * streams, so a periodic sync costs one list and one query when nothing drifted. A Berth container
 * with no row (another deployment's, on a shared engine) is the boot reconciler's to report, once.
 */
export function driftedContainers(
  known: readonly KnownState[],
  docker: readonly ContainerSnapshot[],
): string[] {
  const rows = new Map(known.map((row) => [row.uuid, row]));
  const drifted = new Set<string>();
  for (const snapshot of docker) {
    if (!snapshot.uuid) continue;
    const row = rows.get(snapshot.uuid);
    if (row && row.task_state === null && !agreesWithDocker(row.status, snapshot))
      drifted.add(snapshot.uuid);
  }
  const inDocker = new Set(docker.map((snapshot) => snapshot.uuid));
  for (const row of known) {
    if (row.task_state === null && row.docker_id !== null && !inDocker.has(row.uuid))
      drifted.add(row.uuid);
  }
  return [...drifted];
}
