import { BadRequest } from '../../errors/api-errors';

/**
 * The range of a container's cpu, memory and disk: Zun's `minimum_*` / `maximum_*` options
 * (container_driver.py), configured by the operator (BERTH_CONTAINER_MAX_*). A value outside is
 * a 400 at the API, never a container no host can take.
 */
export interface ContainerBounds {
  cpu: { min: number; max: number };
  /** MiB. */
  memory: { min: number; max: number };
  /** GiB. */
  disk: { min: number; max: number };
}

/**
 * Zun's defaults, except memory's floor: Zun's 4 MiB is below Docker's 6 MiB, which Docker would
 * refuse after the container was accepted.
 */
export const DEFAULT_CONTAINER_BOUNDS: ContainerBounds = {
  cpu: { min: 0.1, max: 16 },
  memory: { min: 6, max: 8192 },
  disk: { min: 1, max: 160 },
};

function within(
  value: number,
  range: { min: number; max: number },
  field: string,
  unit: string,
): number {
  if (value < range.min || value > range.max) {
    throw new BadRequest(
      `Invalid input for field/attribute ${field}: expected ${range.min} to ${range.max}${unit}, got ${value}.`,
    );
  }
  return value;
}

export const cpuWithin = (cpu: number, b: ContainerBounds): number =>
  within(cpu, b.cpu, 'cpu', ' CPUs');
export const memoryWithin = (mib: number, b: ContainerBounds): number =>
  within(mib, b.memory, 'memory', ' MiB');
export const diskWithin = (gib: number, b: ContainerBounds): number =>
  within(gib, b.disk, 'disk', ' GiB');
