import {
  DEFAULT_DATABASE_TIMEOUTS,
  databaseTimeoutsFromEnv,
  dockerTimeoutsFromEnv,
  platformConfigFromEnv,
} from './platform.config';

describe('platform time limits', () => {
  it('take the documented defaults', () => {
    const config = platformConfigFromEnv({ databaseUrl: 'postgres://x/y' }, {});
    expect(config.databaseTimeouts).toEqual(DEFAULT_DATABASE_TIMEOUTS);
    expect(DEFAULT_DATABASE_TIMEOUTS).toEqual({
      connectMs: 5000,
      statementMs: 10000,
      idleInTransactionMs: 60000,
    });
    expect(config.dockerTimeouts).toEqual({ callMs: 30000, pullMs: 600000 });
  });

  it('read every variable, 0 turning a limit off', () => {
    expect(
      databaseTimeoutsFromEnv({
        BERTH_DB_CONNECT_TIMEOUT_MS: '1000',
        BERTH_DB_STATEMENT_TIMEOUT_MS: '0',
        BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '3000',
      }),
    ).toEqual({ connectMs: 1000, statementMs: 0, idleInTransactionMs: 3000 });
    expect(
      dockerTimeoutsFromEnv({ BERTH_DOCKER_TIMEOUT_MS: '5000', BERTH_DOCKER_PULL_TIMEOUT_MS: '0' }),
    ).toEqual({ callMs: 5000, pullMs: 0 });
  });

  it.each([
    ['BERTH_DB_CONNECT_TIMEOUT_MS', '-1'],
    ['BERTH_DB_STATEMENT_TIMEOUT_MS', '10s'],
    ['BERTH_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', '1.5'],
    ['BERTH_DOCKER_TIMEOUT_MS', '99999999999'],
    ['BERTH_DOCKER_PULL_TIMEOUT_MS', 'forever'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() =>
      platformConfigFromEnv({ databaseUrl: 'postgres://x/y' }, { [name]: value }),
    ).toThrow(name);
  });
});
