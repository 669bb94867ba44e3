import { BadRequest } from '../errors';

/** A service is named by its host and binary (Zun's unique key). */
export interface ServiceKey {
  host: string;
  binary: string;
}

/** Reads `host` and `binary` from the query string; both are required on every write. */
export function serviceKeyOf(host: unknown, binary: unknown): ServiceKey {
  return { host: required(host, 'host'), binary: required(binary, 'binary') };
}

export function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') {
    throw new BadRequest(`Invalid value for query parameter ${name}: it must be given once.`);
  }
  return value;
}

function required(value: unknown, name: string): string {
  const text = optionalString(value, name);
  if (text === null) throw new BadRequest(`Missing parameter ${name}.`);
  return text;
}
