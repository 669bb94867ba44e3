import { BadRequest } from '../../errors';

/** `"512"`, `512`, `"512m"`, `"1g"`, `"1024k"` → MiB, as Zun accepts memory. */
export function parseMemoryMiB(value: string | number): number {
  const text = String(value).trim().toLowerCase();
  const match = /^(\d+)([bkmg]?)$/.exec(text);
  if (!match)
    throw new BadRequest(`Invalid input for field/attribute memory. Value: ${String(value)}.`);
  const amount = Number(match[1]);
  const mib = { b: amount / 1024 ** 2, k: amount / 1024, m: amount, g: amount * 1024, '': amount }[
    match[2] as 'b' | 'k' | 'm' | 'g' | ''
  ];
  // Docker refuses less than 6 MiB, and so does Zun (MIN_MEMORY_SIZE 4M is below Docker's floor).
  if (!Number.isFinite(mib) || mib < 6) {
    throw new BadRequest(
      `Invalid input for field/attribute memory. Value: ${String(value)}. Memory must be at least 6 MiB.`,
    );
  }
  return Math.floor(mib);
}

/** A positive number of CPUs, possibly fractional (`"0.5"`). */
export function parseCpu(value: string | number): number {
  const cpu = Number(value);
  if (String(value).trim() === '' || !Number.isFinite(cpu) || cpu <= 0 || cpu > 1024) {
    throw new BadRequest(`Invalid input for field/attribute cpu. Value: ${String(value)}.`);
  }
  return cpu;
}

/** A whole number of GiB. */
export function parseDisk(value: string | number): number {
  const disk = Number(value);
  if (!Number.isInteger(disk) || disk <= 0) {
    throw new BadRequest(`Invalid input for field/attribute disk. Value: ${String(value)}.`);
  }
  return disk;
}
