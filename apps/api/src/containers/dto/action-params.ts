import { isKnownSignal, isValidRepository, isValidTag, splitImageReference } from '@berth/domain';
import { BadRequest } from '../../errors';

/** Docker's stop timeout; Zun's default is 10 s. */
export function seconds(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new BadRequest(`Invalid input for field/attribute timeout. Value: ${value}.`);
  return n;
}

/** The CLI sends the literal "None" when no signal was given. */
export function signalOf(value: string | undefined): string | null {
  if (value === undefined || value === '' || value === 'None') return null;
  if (!isKnownSignal(value))
    throw new BadRequest(`Invalid input for field/attribute signal. Value: ${value}.`);
  return value;
}

/** repository[:tag] as Docker names images; the CLI splits them, a bare reference is split here. */
export function commitTarget(
  repository: string | undefined,
  tag: string | undefined,
): { repository: string; tag: string } {
  if (!repository) throw new BadRequest('Invalid input for query parameter repository: required.');
  const target =
    tag === undefined || tag === '' ? splitImageReference(repository) : { repo: repository, tag };
  if (!isValidRepository(target.repo))
    throw new BadRequest(`Invalid input for query parameter repository. Value: ${repository}.`);
  if (!isValidTag(target.tag))
    throw new BadRequest(`Invalid input for query parameter tag. Value: ${target.tag}.`);
  return { repository: target.repo, tag: target.tag };
}
