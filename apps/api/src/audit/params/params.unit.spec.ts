import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import {
  AuditActionsQuery,
  AuditExportQuery,
  auditActionsParams,
  auditFiltersOf,
} from './audit-actions.params';
import { EventsQuery, eventsParams } from './events.params';
import { StateQuery, statePoint } from './state.params';

type Raw = Record<string, unknown>;

describe('the events query', () => {
  const params = async (raw: Raw) => eventsParams(await throughPipe(EventsQuery, raw));

  it('defaults to 100 events from the start of the stream', async () => {
    expect(await params({})).toEqual({ limit: 100, marker: null });
  });

  it('reads the marker as a revision and caps the limit at 1000', async () => {
    expect(await params({ limit: '5000', marker: '7' })).toEqual({ limit: 1000, marker: 7n });
  });

  it.each<[string, Raw, string]>([
    ['a zero limit', { limit: '0' }, 'query parameter limit: expected a positive whole number'],
    ['a limit in words', { limit: 'ten' }, 'query parameter limit'],
    ['a negative marker', { marker: '-1' }, "expected an event revision (0, 1, 2, …), got '-1'"],
    ['a marker in letters', { marker: 'abc' }, 'query parameter marker'],
    ['a marker given twice', { marker: ['1', '2'] }, 'it must be given once'],
    ['a sort direction', { sort_dir: 'asc' }, 'Unknown parameters: sort_dir'],
  ])('refuses %s with 400', async (_why, raw, message) => {
    expect(await refusalOf(EventsQuery, raw)).toContain(message);
  });
});

describe('the state query', () => {
  const point = async (raw: Raw) => statePoint(await throughPipe(StateQuery, raw));

  it('takes a commit:prepare position', async () => {
    expect(await point({ at_position: '12:345' })).toEqual({
      kind: 'position',
      position: { commit: 12n, prepare: 345n },
    });
  });

  it('takes an ISO time with a zone', async () => {
    expect(await point({ at_time: '2025-01-01T12:00:00.5+02:00' })).toEqual({
      kind: 'time',
      time: new Date('2025-01-01T10:00:00.500Z'),
    });
  });

  it.each<[string, Raw]>([
    ['neither', {}],
    ['both', { at_position: '1:2', at_time: '2025-01-01T00:00:00Z' }],
  ])('refuses %s of at_position and at_time', async (_why, raw) => {
    await expect(point(raw)).rejects.toThrow('exactly one of');
  });

  it.each<[string, Raw, string]>([
    ['a position without prepare', { at_position: '12' }, 'query parameter at_position'],
    ['a negative prepare', { at_position: '1:-2' }, 'query parameter at_position'],
    ['a bare date', { at_time: '2025-01-01' }, 'query parameter at_time'],
    ['a time without a zone', { at_time: '2025-01-01T00:00:00' }, 'ISO 8601 time with a zone'],
    ['month 13', { at_time: '2025-13-45T00:00:00Z' }, 'query parameter at_time'],
    ['an unknown parameter', { at: '1:2' }, 'Unknown parameters: at'],
  ])('refuses %s with 400', async (_why, raw, message) => {
    expect(await refusalOf(StateQuery, raw)).toContain(message);
  });
});

describe('the audit actions query', () => {
  const params = async (raw: Raw) => auditActionsParams(await throughPipe(AuditActionsQuery, raw));

  it('defaults to the newest 100 actions with no filter', async () => {
    expect(await params({})).toEqual({ filters: {}, limit: 100, marker: null, sortDir: 'desc' });
  });

  it('parses every filter, the direction and the marker', async () => {
    expect(
      await params({
        project_id: 'p1',
        user_id: 'u1',
        action: 'stop',
        result: 'pending',
        since: '2025-01-01T00:00:00Z',
        until: '2025-01-02T00:00:00Z',
        sort_key: 'start_time',
        sort_dir: 'asc',
        limit: '5',
        marker: 'req-1',
      }),
    ).toEqual({
      filters: {
        project_id: 'p1',
        user_id: 'u1',
        action: 'stop',
        result: 'pending',
        since: new Date('2025-01-01T00:00:00Z'),
        until: new Date('2025-01-02T00:00:00Z'),
      },
      limit: 5,
      marker: 'req-1',
      sortDir: 'asc',
    });
  });

  it('has no page size for the NDJSON export, and refuses one', async () => {
    const exported = auditActionsParams(await throughPipe(AuditExportQuery, { action: 'create' }));
    expect(exported.limit).toBeNull();
    expect(await refusalOf(AuditExportQuery, { limit: '10' })).toBe('Unknown parameters: limit');
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(
      params({ since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z' }),
    ).rejects.toThrow('earlier than until');
  });

  it.each<[string, Raw, string]>([
    ['an unknown action', { action: 'explode' }, 'query parameter action: expected one of'],
    ['a result in lower case', { result: 'success' }, 'expected one of Success, Error, pending'],
    ['a since in words', { since: 'yesterday' }, 'query parameter since'],
    ['a sort direction sideways', { sort_dir: 'sideways' }, 'expected one of asc, desc'],
    ['a sort key of its own', { sort_key: 'evil;drop' }, 'expected one of start_time'],
    ['a negative limit', { limit: '-3' }, 'query parameter limit'],
    ['a limit in exponent form', { limit: '1e3' }, 'query parameter limit'],
    ['an unknown parameter', { status: 'Running' }, 'Unknown parameters: status'],
  ])('refuses %s with 400', async (_why, raw, message) => {
    expect(await refusalOf(AuditActionsQuery, raw)).toContain(message);
  });
});

describe('the audit filters, as REST and GraphQL both read them', () => {
  it('keeps the given filters and drops the null ones', () => {
    expect(
      auditFiltersOf({ project_id: 'p1', user_id: null, action: 'stop', result: undefined }),
    ).toEqual({ project_id: 'p1', action: 'stop' });
  });

  it('refuses a window that ends before it starts, whichever API asks', () => {
    const since = new Date('2025-01-02T00:00:00Z');
    const until = new Date('2025-01-01T00:00:00Z');
    expect(() => auditFiltersOf({ since, until })).toThrow('earlier than until');
  });

  it('takes the same marker and direction as every list', async () => {
    const query = await throughPipe(AuditActionsQuery, { marker: '', sort_dir: 'asc' });
    expect(auditActionsParams(query)).toMatchObject({
      marker: null,
      sortDir: 'asc',
    });
  });
});
