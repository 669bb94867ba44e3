import { randomBytes } from 'node:crypto';
import { hashPassword } from '../password-hasher';

let decoy: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, made with the same parameters as every stored hash:
 * checking a password against it costs exactly what checking a real one does, and never matches.
 * Used for a user name that does not exist and for a locked-out user, so that neither answers
 * faster than a wrong password.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString('base64url')).catch((error: unknown) => {
    decoy = undefined; // not kept: the next login tries again
    throw error;
  });
  return decoy;
}
