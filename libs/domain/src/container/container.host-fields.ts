import type { ContainerEvent } from './container.events';

/** Container events whose data names a compute host at its root. */
type NamesAHost = Extract<ContainerEvent, { data: { host: string } }>['type'];

/** A path from the root of an event's data to a value. */
export type DataPath = readonly string[];

/**
 * Where container events name a compute host: the values Zun's default policy
 * (`container:get_one:host`, admin_api) keeps from everyone but admins. Keyed by every event type
 * whose data has a `host`, so a new one fails to compile until it is listed here; a nested host
 * (the admin's `requested_host`) is listed by hand.
 */
export const HOST_FIELDS: Readonly<Record<NamesAHost, readonly DataPath[]>> = {
  ContainerCreateRequested: [['host'], ['scheduling', 'requested_host']],
  ContainerCreateAttemptFailed: [['host']],
  ContainerRescheduled: [['host']],
  ContainerVolumeAttached: [['host']],
  ContainerVolumeDetached: [['host']],
};

function hostFieldsOf(type: string): readonly DataPath[] {
  return Object.hasOwn(HOST_FIELDS, type) ? HOST_FIELDS[type as NamesAHost] : [];
}

/**
 * The data of a container event of type `type` (or a request's parameters, which share its root)
 * without the compute hosts it names. A copy only where something is removed; anything else, an
 * unknown type or a shape the path does not reach, comes back as the same object.
 */
export function withoutHostFields(type: string, data: object): object {
  return hostFieldsOf(type).reduce(withoutPath, data);
}

function withoutPath(data: object, path: DataPath): object {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(data, key)) return data;
  const copy: Record<string, unknown> = { ...data };
  if (rest.length === 0) {
    delete copy[key];
    return copy;
  }
  const inner = copy[key];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return data;
  const stripped = withoutPath(inner, rest);
  if (stripped === inner) return data;
  copy[key] = stripped;
  return copy;
}
