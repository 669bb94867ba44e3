import { isValidImageReference } from '@berth/domain';
import { Refusal, shown } from '../../input';

/**
 * The image a container runs (create's `image`, rebuild's `?image=`): Zun's 2 to 255 characters,
 * and a reference Docker can pull, checked with the one grammar Berth has (libs/domain), so a
 * name Docker would refuse is a 400 here, not a container left in Error.
 */
export function imageReferenceOf(raw: unknown): string | undefined | Refusal {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return new Refusal(`expected a string, got ${shown(raw)}`);
  if (raw.length < 2 || raw.length > 255) {
    return new Refusal(`expected 2 to 255 characters, got ${raw.length}`);
  }
  if (!isValidImageReference(raw)) {
    return new Refusal(
      `${shown(raw)} is not an image reference: [registry[:port]/]name[:tag][@digest], ` +
        'the name in lower-case letters, digits and separators',
    );
  }
  return raw;
}

/** Zun's image_driver: one of the configured drivers, or None; Berth has Docker's only. */
export function imageDriverOf(text: string): 'docker' | undefined | Refusal {
  if (text === 'docker') return 'docker';
  if (text === 'None') return undefined;
  return new Refusal(`expected docker (the only image driver), got ${shown(text)}`);
}
