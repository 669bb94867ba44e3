import { BadRequest } from '../../errors';
import {
  parseArchivePath,
  parseDimension,
  parseExecId,
  parseLogOptions,
  parsePsArgs,
  parseSince,
  parseTail,
} from './io-params';

describe('parseLogOptions', () => {
  it('reads what the zun CLI always sends', () => {
    const query = { stdout: 'True', stderr: 'True', timestamps: 'False', tail: 'all' };
    expect(parseLogOptions(query)).toEqual({
      stdout: true,
      stderr: true,
      timestamps: false,
      tail: 'all',
      since: undefined,
    });
  });

  it('defaults to both streams, no timestamps, every line', () => {
    expect(parseLogOptions({})).toEqual({
      stdout: true,
      stderr: true,
      timestamps: false,
      tail: 'all',
      since: undefined,
    });
  });

  it('reads the --stdout --since --tail form', () => {
    const query = { stdout: 'True', stderr: 'False', since: '100', timestamps: 'true', tail: '5' };
    expect(parseLogOptions(query)).toEqual({
      stdout: true,
      stderr: false,
      timestamps: true,
      tail: 5,
      since: 100,
    });
  });

  it.each([
    { stdout: 'maybe' },
    { timestamps: 'yes please' },
    { stdout: 'False', stderr: 'False' },
    { tail: 'x' },
    { since: 'yesterday' },
  ])('refuses %j with a 400', (query) => {
    expect(() => parseLogOptions(query)).toThrow(BadRequest);
  });
});

describe('parseTail', () => {
  it.each([
    [undefined, 'all'],
    ['', 'all'],
    ['all', 'all'],
    ['ALL', 'all'],
    ['0', 0],
    ['25', 25],
  ])('%j → %j', (value, tail) => {
    expect(parseTail(value)).toEqual(tail);
  });

  it.each(['-1', '1.5', 'ten', ['1', '2']])('refuses %j', (value) => {
    expect(() => parseTail(value)).toThrow(BadRequest);
  });
});

describe('parseSince', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['None', undefined],
    ['100', 100],
    ['1700000000.5', 1700000000.5],
    ['2024-01-01T00:00:00Z', 1704067200],
    ['2024-01-01T01:00:00+01:00', 1704067200],
    ['2024-01-01T00:00:00.250Z', 1704067200.25],
    // Zun's own strptime format, naive and therefore UTC.
    ['2024-01-01 00:00:00,500000', 1704067200.5],
  ])('%j → %j seconds', (value, seconds) => {
    expect(parseSince(value)).toEqual(seconds);
  });

  it.each(['-5', 'yesterday', '2024-13-01T00:00:00Z', '2024-01-01', '1e9'])(
    'refuses %j',
    (value) => {
      expect(() => parseSince(value)).toThrow(BadRequest);
    },
  );
});

describe('parseDimension', () => {
  it('reads a terminal size', () => {
    expect(parseDimension('80', 'w')).toBe(80);
    expect(parseDimension('65535', 'h')).toBe(65535);
  });

  it.each([undefined, '', '0', '-1', '12.5', 'wide', '65536', ['80', '81']])(
    'refuses %j',
    (value) => {
      expect(() => parseDimension(value, 'w')).toThrow(BadRequest);
    },
  );
});

describe('parseExecId', () => {
  const id = 'a'.repeat(64);

  it('accepts a Docker exec id', () => {
    expect(parseExecId(id)).toBe(id);
  });

  it.each([undefined, '', 'abc', `${id}0`, '../../containers/x/kill', 'A'.repeat(64)])(
    'refuses %j',
    (value) => {
      expect(() => parseExecId(value)).toThrow(BadRequest);
    },
  );
});

describe('parsePsArgs', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['None', undefined],
    ['aux', 'aux'],
    ['-o pid,comm', '-o pid,comm'],
  ])('%j → %j', (value, args) => {
    expect(parsePsArgs(value)).toEqual(args);
  });
});

describe('parseArchivePath', () => {
  it('accepts a path', () => {
    expect(parseArchivePath('/etc/hosts')).toBe('/etc/hosts');
  });

  it.each([undefined, '', 'a\0b', ['/a', '/b']])('refuses %j', (value) => {
    expect(() => parseArchivePath(value)).toThrow(BadRequest);
  });
});
