import {
  RuntimeError,
  RuntimeImageNotFoundError,
  RuntimeInvalidImageRefError,
} from '@berth/drivers';
import { isHostSpecificFailure } from './host-failure';

const withCode = (code: string) =>
  Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });

describe('isHostSpecificFailure', () => {
  it.each([
    ['the engine socket refused', withCode('ECONNREFUSED')],
    ['the engine socket missing', withCode('ENOENT')],
    [
      'a code deep in the cause chain',
      new RuntimeError('boom', undefined, { cause: withCode('ECONNRESET') }),
    ],
    [
      'a pull that could not reach the registry',
      new RuntimeError('Get "https://r/v2/": dial tcp 10.0.0.1:443: i/o timeout', 500),
    ],
    [
      'a registry unavailable',
      new RuntimeError('received unexpected HTTP status: 503 Service Unavailable'),
    ],
  ])('is host-specific: %s', (_name, error) => {
    expect(isHostSpecificFailure(error)).toBe(true);
  });

  it.each([
    ['an image that does not exist', new RuntimeImageNotFoundError('No such image: nope', 404)],
    ['a malformed reference', new RuntimeInvalidImageRefError('invalid reference format')],
    [
      'credentials refused',
      new RuntimeError(
        'pull access denied for x, repository does not exist or may require docker login: denied',
        500,
      ),
    ],
    ['a 4xx from the engine', new RuntimeError('invalid mount config', 400)],
    [
      'a bad command',
      new RuntimeError('exec: "nosuchcmd": executable file not found in $PATH', 400),
    ],
    ['anything else', new Error('something odd')],
  ])('is not host-specific: %s', (_name, error) => {
    expect(isHostSpecificFailure(error)).toBe(false);
  });
});
