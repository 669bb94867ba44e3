import { isValidRepository, isValidTag, splitImageReference } from '@berth/domain';
import { ClosedSchema } from '../errors/closed-schema';
import { ParsedBy, Refusal, shown } from '../input';
import { hostnameOf } from '../input/json-values';

/**
 * `repo[:tag]` as `zun pull` sends it: Zun's 2 to 255 characters, and a name Docker can pull and
 * tag (the one grammar in libs/domain). No digest: an image record keeps a repository and a tag.
 */
function repoOf(raw: unknown): { repo: string; tag: string } | Refusal {
  if (typeof raw !== 'string') return new Refusal(`expected a string, got ${shown(raw)}`);
  if (raw.length < 2 || raw.length > 255) {
    return new Refusal(`expected 2 to 255 characters, got ${raw.length}`);
  }
  const reference = splitImageReference(raw);
  if (raw.includes('@') || !isValidRepository(reference.repo) || !isValidTag(reference.tag)) {
    return new Refusal(
      `${shown(raw)} is not an image Docker can pull: [registry[:port]/]name[:tag], the name in ` +
        'lower-case letters, digits and separators',
    );
  }
  return reference;
}

/**
 * POST /v1/images: Zun's image_create schema for what Berth uses (`repo`, `host`, both required).
 * Zun's schema also lets a caller set `image_id`, `size`, `tag` and `image_pull_policy`, which its
 * pull then overwrites or records unchecked; Berth refuses them as unknown keys.
 */
@ClosedSchema()
export class PullImageDto {
  @ParsedBy(repoOf, { required: true }) repo!: { repo: string; tag: string };
  @ParsedBy(hostnameOf, { required: true }) host!: string;
}
