import type { Target } from './evaluate';

/** The owners of a loaded resource (a container's state, an action row) as a policy target. */
export function ownersOf(resource: {
  readonly project_id: string | null;
  readonly user_id?: string | null;
}): Target {
  return { project_id: resource.project_id, user_id: resource.user_id ?? null };
}
