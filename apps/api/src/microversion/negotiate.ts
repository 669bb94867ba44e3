import { MicroversionUnsupported, NotAcceptable } from '../errors/api-errors';
import { MAX_API_VERSION, MIN_API_VERSION, MicroVersion, SERVICE_TYPE } from './micro-version';

export const VERSION_HEADER = 'OpenStack-API-Version';

const RANGE = `[${MIN_API_VERSION.toHeader()}, ${MAX_API_VERSION.toHeader()}]`;

/**
 * Zun's `Version.parse_headers` + `Controller._check_version`: the header (or its absence) to the
 * version this request is served at. Throws NotAcceptable (406) with Zun's messages.
 */
export function negotiateVersion(header: string | undefined): MicroVersion {
  if (header === undefined) return MIN_API_VERSION;
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || parts[0] !== SERVICE_TYPE) {
    throw new NotAcceptable(`Invalid service type for ${VERSION_HEADER} header`);
  }
  const text = parts[1] ?? '';
  if (text.toLowerCase() === 'latest') return MAX_API_VERSION;
  const version = MicroVersion.tryParse(text);
  if (version === null) {
    throw new NotAcceptable(`Invalid value for ${VERSION_HEADER} header`);
  }
  return checkRange(version);
}

function checkRange(version: MicroVersion): MicroVersion {
  if (version.major !== MIN_API_VERSION.major) {
    throw new MicroversionUnsupported(
      version,
      `Mutually exclusive versions requested. Version ${version.toString()} requested but not supported by this service. The supported version range is: ${RANGE}.`,
    );
  }
  if (!version.matches(MIN_API_VERSION, MAX_API_VERSION)) {
    throw new MicroversionUnsupported(
      version,
      `Version ${version.toString()} was requested but the minor version is not supported by this service. The supported version range is: ${RANGE}.`,
    );
  }
  return version;
}
