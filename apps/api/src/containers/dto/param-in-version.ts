import { BadRequest } from '../../errors';
import type { MicroVersion } from '../../microversion';

/** Zun's InvalidParamInVersion: `param` was sent at a microversion older than `since`. */
export function assertParamInVersion(param: string, since: string, version: MicroVersion): void {
  if (version.isAtLeast(since)) return;
  throw new BadRequest(
    `Invalid param ${param} because current request version is ${version.toString()}. ` +
      `${param} is only supported from version ${since}`,
  );
}
