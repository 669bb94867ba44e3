import { isKnownSignal, isValidRepository, isValidTag, splitImageReference } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import { QueryInteger, QueryParam, QueryText, Refusal, shown } from '../../input';
import { NAME_PATTERN } from './create-container.dto';
import { imageDriverOf, imageReferenceOf } from './image-field';

/** What Docker's stop timeout can hold; Zun's non_negative_integer has no upper bound. */
const MAX_SECONDS = 2_147_483_647;

/** Zun's default stop timeout. */
export const DEFAULT_STOP_SECONDS = 10;

/** stop and reboot: `?timeout=` seconds (Zun's query_param_stop / query_param_reboot). */
@ClosedSchema()
export class TimeoutQuery {
  @QueryInteger({ min: 0, max: MAX_SECONDS }) timeout?: number;
}

/** A signal Docker can send; the CLI sends the literal "None" when no signal was given. */
function signalOf(text: string): string | undefined | Refusal {
  if (text === 'None') return undefined;
  if (isKnownSignal(text)) return text;
  return new Refusal(
    `expected a signal name (SIGTERM, TERM, term) or number from 1 to 64, got ${shown(text)}`,
  );
}

/** kill: Zun's query_param_signal. */
@ClosedSchema()
export class KillQuery {
  @QueryParam(signalOf) signal?: string;
}

/** rebuild: another image (same grammar as create's), and the image driver. */
@ClosedSchema()
export class RebuildQuery {
  @QueryParam(imageReferenceOf) image?: string;
  @QueryParam(imageDriverOf) image_driver?: 'docker';
}

const NOT_A_REPOSITORY =
  'is not a repository Docker can tag: [registry[:port]/]name[:tag] in lower-case letters, ' +
  'digits and separators, the name at most 255 characters';

/** A repository Docker can tag; a tag after the last `/` is split off and checked, as the CLI does. */
function repositoryOf(text: string): string | Refusal {
  const { repo, tag } = splitImageReference(text);
  if (text.includes('@') || !isValidRepository(repo) || !isValidTag(tag)) {
    return new Refusal(`${shown(text)} ${NOT_A_REPOSITORY}`);
  }
  return text;
}

const TAG_RULE = {
  // Zun's string_ps_args has no minimum: an empty tag is no tag (latest), as before.
  minLength: 0,
  maxLength: 128,
  pattern: /^[\w][\w.-]*$/,
  patternText: 'a tag: a letter, digit or _, then letters, digits, _, . or -',
};

/** commit: Zun's query_param_commit, with Docker's grammar in place of its permissive pattern. */
@ClosedSchema()
export class CommitQuery {
  @QueryParam(repositoryOf, { required: true }) repository!: string;
  @QueryText(TAG_RULE) tag?: string;
}

/**
 * The image a commit makes. Docker refuses a bad name only after it has made the image, which it
 * then leaves untagged: checked here, before anything is asked of it.
 */
export function commitTarget(query: CommitQuery): { repository: string; tag: string } {
  if (query.tag === undefined) {
    const { repo, tag } = splitImageReference(query.repository);
    return { repository: repo, tag };
  }
  if (!isValidRepository(query.repository)) {
    throw new BadRequest(
      `Invalid input for query parameter repository: ${shown(query.repository)} carries a tag ` +
        'and so does the query parameter tag; give it once.',
    );
  }
  return { repository: query.repository, tag: query.tag };
}

/** rename (≤ 1.13): Zun's query_param_rename, the name rule of create. */
@ClosedSchema()
export class RenameQuery {
  @QueryText(
    {
      pattern: NAME_PATTERN,
      patternText: 'a name: a letter or digit, then letters, digits, _, . or -',
    },
    { required: true },
  )
  name!: string;
}
