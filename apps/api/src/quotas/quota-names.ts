import { BadRequest } from '../errors/api-errors';

/**
 * The project or quota class a quota route names in its path. Each becomes the name of a stream
 * in the log, so it is held to what Zun's columns hold (255 characters) and to characters an id
 * or a class name has; Zun itself stores whatever arrives and fails at the database.
 */
const NAME = /^[a-zA-Z0-9_.-]{1,255}$/;

function checked(value: string, what: string): string {
  if (!NAME.test(value)) {
    throw new BadRequest(
      `Invalid ${what} '${value.length > 64 ? `${value.slice(0, 64)}…` : value}': ` +
        'expected 1 to 255 letters, digits, _, . or -.',
    );
  }
  return value;
}

export const projectIdOf = (value: string): string => checked(value, 'project id');
export const quotaClassOf = (value: string): string => checked(value, 'quota class name');
