/** How Berth marks the Docker objects it owns. */
export const LABEL_UUID = 'berth.uuid';
export const LABEL_PROJECT = 'berth.project';
export const LABEL_NAME = 'berth.name';

/** Docker names are unique per engine, so a create replayed after a crash collides and is caught. */
export function dockerNameOf(uuid: string): string {
  return `berth-${uuid}`;
}
