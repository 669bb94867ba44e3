import { BadRequest } from '../../errors/api-errors';
import { parseAuditActionsParams } from './audit-actions.params';
import { parseEventsParams } from './events.params';
import type { RawQuery } from './query-values';
import { parseStateParams } from './state.params';

describe('parseEventsParams', () => {
  it('defaults to 100 events from the start of the stream', () => {
    expect(parseEventsParams({})).toEqual({ limit: 100, marker: null });
  });

  it('reads the marker as a revision and caps the limit at 1000', () => {
    expect(parseEventsParams({ limit: '5000', marker: '7' })).toEqual({ limit: 1000, marker: 7n });
  });

  it.each<[RawQuery, string]>([
    [{ limit: '0' }, 'Limit must be positive integer'],
    [{ limit: 'ten' }, 'Limit must be positive integer'],
    [{ marker: '-1' }, "Invalid marker '-1'"],
    [{ marker: 'abc' }, "Invalid marker 'abc'"],
    [{ marker: ['1', '2'] }, 'it must be given once'],
    [{ sort_dir: 'asc' }, 'Unknown parameters: sort_dir'],
  ])('refuses %j with 400', (query, message) => {
    expect(() => parseEventsParams(query)).toThrow(BadRequest);
    expect(() => parseEventsParams(query)).toThrow(message);
  });
});

describe('parseStateParams', () => {
  it('takes a commit:prepare position', () => {
    expect(parseStateParams({ at_position: '12:345' })).toEqual({
      kind: 'position',
      position: { commit: 12n, prepare: 345n },
    });
  });

  it('takes an ISO time with a zone', () => {
    expect(parseStateParams({ at_time: '2025-01-01T12:00:00.5+02:00' })).toEqual({
      kind: 'time',
      time: new Date('2025-01-01T10:00:00.500Z'),
    });
  });

  it.each<[RawQuery, string]>([
    [{}, 'exactly one of'],
    [{ at_position: '1:2', at_time: '2025-01-01T00:00:00Z' }, 'exactly one of'],
    [{ at_position: '12' }, "Invalid value '12' for query parameter at_position"],
    [{ at_position: '1:-2' }, 'for query parameter at_position'],
    [{ at_time: '2025-01-01' }, "Invalid value '2025-01-01' for query parameter at_time"],
    [{ at_time: '2025-01-01T00:00:00' }, 'expected an ISO 8601 time with a zone'],
    [{ at_time: '2025-13-45T00:00:00Z' }, 'for query parameter at_time'],
    [{ at: '1:2' }, 'Unknown parameters: at'],
  ])('refuses %j with 400', (query, message) => {
    expect(() => parseStateParams(query)).toThrow(BadRequest);
    expect(() => parseStateParams(query)).toThrow(message);
  });
});

describe('parseAuditActionsParams', () => {
  it('defaults to the newest 100 actions with no filter', () => {
    expect(parseAuditActionsParams({})).toEqual({
      filters: {},
      limit: 100,
      marker: null,
      sortDir: 'desc',
    });
  });

  it('parses every filter, the direction and the marker', () => {
    const params = parseAuditActionsParams({
      project_id: 'p1',
      user_id: 'u1',
      action: 'stop',
      result: 'pending',
      since: '2025-01-01T00:00:00Z',
      until: '2025-01-02T00:00:00Z',
      sort_dir: 'asc',
      limit: '5',
      marker: 'req-1',
    });
    expect(params).toEqual({
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

  it('has no page size for the NDJSON export, and refuses one', () => {
    expect(parseAuditActionsParams({ action: 'create' }, false).limit).toBeNull();
    expect(() => parseAuditActionsParams({ limit: '10' }, false)).toThrow(
      'Unknown parameters: limit',
    );
  });

  it.each<[RawQuery, string]>([
    [{ action: 'explode' }, "Invalid value 'explode' for query parameter action"],
    [{ result: 'success' }, 'expected one of Success, Error, pending'],
    [{ since: 'yesterday' }, "Invalid value 'yesterday' for query parameter since"],
    [{ since: '2025-01-02T00:00:00Z', until: '2025-01-01T00:00:00Z' }, 'earlier than until'],
    [{ sort_dir: 'newest' }, 'Invalid sort direction: newest'],
    [{ limit: '-3' }, 'Limit must be positive integer'],
    [{ status: 'Running' }, 'Unknown parameters: status'],
  ])('refuses %j with 400', (query, message) => {
    expect(() => parseAuditActionsParams(query)).toThrow(BadRequest);
    expect(() => parseAuditActionsParams(query)).toThrow(message);
  });
});
