import { RuntimeError, RuntimeUnavailableError } from '@berth/drivers';
import { ServiceUnavailable } from './api-errors';
import { toApiFailure } from './api-failure';
import { unavailabilityOf } from './dependency-failure';

/** What pg throws: an Error with the SQLSTATE in `code`. */
function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('a dependency that did not answer', () => {
  it.each([
    ['a statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['a lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
    ['an idle-in-transaction timeout', pgError('25P03')],
    ['a server shutting down', pgError('57P01')],
    ['a server starting up', pgError('57P03')],
    ['too many connections', pgError('53300')],
    ['a connection failure (class 08)', pgError('08006')],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ["pg-pool's wait for a connection", new Error('timeout exceeded when trying to connect')],
    ["pg's connect timeout", new Error('Connection terminated due to connection timeout')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a Docker engine past its time limit', new RuntimeUnavailableError('Docker did not answer')],
  ])('is a 503 when it is %s', (_what, error) => {
    expect(unavailabilityOf(error)).toBeInstanceOf(ServiceUnavailable);
    const failure = toApiFailure(error, 'req-1');
    expect(failure).toMatchObject({ status: 503, code: 'service-unavailable', unexpected: false });
  });

  it('is found under the wrappers that carry it (TypeORM, an error with a cause)', () => {
    const typeorm = Object.assign(new Error('query failed'), {
      driverError: pgError('57014'),
    });
    expect(unavailabilityOf(typeorm)).toBeInstanceOf(ServiceUnavailable);
    const wrapped = new Error('append failed', { cause: pgError('08006') });
    expect(unavailabilityOf(wrapped)).toBeInstanceOf(ServiceUnavailable);
  });

  it('tells the client what to do without the internal detail', () => {
    const failure = toApiFailure(
      pgError('57014', 'canceling statement due to statement timeout on "berth_events"."events"'),
      'req-1',
    );
    expect(failure.message).toBe('The database did not answer in time. Try again later.');
    const docker = toApiFailure(
      new RuntimeUnavailableError('Docker did not answer GET /containers/berth-x/logs within 30 s'),
      'req-1',
    );
    expect(docker.message).toBe("The container's Docker engine is not answering. Try again later.");
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a serialization failure', pgError('40001')],
    ['a Docker refusal', new RuntimeError('conflict', 409)],
    ['a bug', new TypeError('x is undefined')],
    ['a string', 'ECONNREFUSED'],
  ])('is not claimed for %s', (_what, error) => {
    expect(unavailabilityOf(error)).toBeNull();
  });
});
