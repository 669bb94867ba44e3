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

/** Zun's service `disabled_reason` column holds 255 characters. */
export function disabledReason(value: unknown): string | null {
  const reason = optionalString(value, 'disabled_reason');
  if (reason !== null && reason.length > 255)
    throw new BadRequest('Invalid input for disabled_reason: at most 255 characters.');
  return reason;
}

function required(value: unknown, name: string): string {
  const text = optionalString(value, name);
  if (text === null) throw new BadRequest(`Missing parameter ${name}.`);
  return text;
}
