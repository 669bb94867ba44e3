import { isPgTimeout, pgTimeoutSettings, withoutStatementLimit } from './pg-timeouts';

describe('PostgreSQL time limits', () => {
  it('become the start-up settings pg sends, so the server enforces them', () => {
    expect(
      pgTimeoutSettings({ connectMs: 5000, statementMs: 10000, idleInTransactionMs: 60000 }),
    ).toEqual({
      connectionTimeoutMillis: 5000,
      statement_timeout: 10000,
      idle_in_transaction_session_timeout: 60000,
    });
  });

  it('keep the connect limit but lift the statement limit for sessions that may wait', () => {
    expect(
      withoutStatementLimit({ connectMs: 5000, statementMs: 10000, idleInTransactionMs: 60000 }),
    ).toEqual({ connectMs: 5000, statementMs: 0, idleInTransactionMs: 60000 });
  });

  it.each([
    [
      'a statement timeout',
      { code: '57014', message: 'canceling statement due to statement timeout' },
    ],
    ['a lock timeout', { code: '55P03', message: 'canceling statement due to lock timeout' }],
    ['a pool wait that ran out', new Error('timeout exceeded when trying to connect')],
    [
      'a connection that took too long',
      new Error('Connection terminated due to connection timeout'),
    ],
  ])('recognise %s', (_name, error) => {
    expect(isPgTimeout(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key value' }],
    ['a plain error', new Error('boom')],
    ['a string', 'timeout exceeded when trying to connect?'],
    ['nothing', undefined],
  ])('do not take %s for a time limit', (_name, error) => {
    expect(isPgTimeout(error)).toBe(false);
  });
});
