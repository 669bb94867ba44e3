/**
 * Zun's container statuses and task states, spelled exactly as on the wire
 * (zun/common/consts.py CONTAINER_STATUSES and TASK_STATES).
 */
export const CONTAINER_STATUSES = [
  'Error',
  'Running',
  'Stopped',
  'Paused',
  'Unknown',
  'Creating',
  'Created',
  'Deleted',
  'Deleting',
  'Rebuilding',
  'Dead',
  'Restarting',
] as const;

export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

export const TASK_STATES = [
  'image_pulling',
  'container_creating',
  'container_starting',
  'container_deleting',
  'container_stopping',
  'container_rebooting',
  'container_pausing',
  'container_unpausing',
  'container_killing',
  'sg_adding',
  'sg_removing',
  'network_attaching',
  'network_detaching',
  'container_rebuilding',
] as const;

/** `null` on the wire when nothing is in flight. */
export type TaskState = (typeof TASK_STATES)[number];
