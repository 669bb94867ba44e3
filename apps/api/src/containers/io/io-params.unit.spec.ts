import { BadRequest } from '../../errors';
import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import {
  ArchiveQuery,
  ExecResizeQuery,
  ExecuteQuery,
  LogsQuery,
  ResizeQuery,
  TopQuery,
  parseLogOptions,
} from './io-params';

type Raw = Record<string, unknown>;

describe('the logs query', () => {
  const options = async (raw: Raw) => parseLogOptions(await throughPipe(LogsQuery, raw));

  it('reads what the zun CLI always sends', async () => {
    expect(
      await options({ stdout: 'True', stderr: 'True', timestamps: 'False', tail: 'all' }),
    ).toEqual({ stdout: true, stderr: true, timestamps: false, tail: 'all', since: undefined });
  });

  it('defaults to both streams, no timestamps, every line', async () => {
    expect(await options({})).toEqual({
      stdout: true,
      stderr: true,
      timestamps: false,
      tail: 'all',
      since: undefined,
    });
  });

  it('reads the --stdout --since --tail form', async () => {
    expect(
      await options({
        stdout: 'True',
        stderr: 'False',
        since: '100',
        timestamps: 'true',
        tail: '5',
      }),
    ).toEqual({ stdout: true, stderr: false, timestamps: true, tail: 5, since: 100 });
  });

  it('refuses asking for neither stream', async () => {
    await expect(options({ stdout: 'False', stderr: 'False' })).rejects.toThrow(BadRequest);
  });

  it.each<[string, Raw, string]>([
    ['a boolean it cannot read', { stdout: 'maybe' }, 'query parameter stdout: expected True'],
    ['a boolean with blanks', { timestamps: ' true' }, 'query parameter timestamps'],
    [
      'a tail that is no number',
      { tail: 'x' },
      "query parameter tail: expected all or a number of lines, got 'x'",
    ],
    ['a negative tail', { tail: '-1' }, 'query parameter tail'],
    ['a fractional tail', { tail: '1.5' }, 'query parameter tail'],
    ['a tail in exponent form', { tail: '1e3' }, 'query parameter tail'],
    ['a tail given twice', { tail: ['1', '2'] }, 'query parameter tail: it must be given once'],
    ['a since it cannot read', { since: 'yesterday' }, 'query parameter since'],
    ['a since in exponent form', { since: '1e9' }, 'query parameter since'],
    ['a bare date', { since: '2024-01-01' }, 'query parameter since'],
    ['a month 13', { since: '2024-13-01T00:00:00Z' }, 'query parameter since'],
    ['an unknown parameter', { follow: 'True' }, 'Unknown parameters: follow'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(LogsQuery, raw)).toContain(message);
  });

  it.each<[string, number | 'all']>([
    ['ALL', 'all'],
    ['0', 0],
    ['25', 25],
  ])('reads the tail %s as %j', async (tail, lines) => {
    expect((await throughPipe(LogsQuery, { tail })).tail).toEqual(lines);
  });

  it.each<[string, number | undefined]>([
    ['None', undefined],
    ['100', 100],
    ['1700000000.5', 1700000000.5],
    ['2024-01-01T00:00:00Z', 1704067200],
    ['2024-01-01T01:00:00+01:00', 1704067200],
    ['2024-01-01T00:00:00.250Z', 1704067200.25],
    // Zun's own strptime format, naive and therefore UTC.
    ['2024-01-01 00:00:00,500000', 1704067200.5],
  ])('reads since %s as %j seconds', async (since, seconds) => {
    expect((await throughPipe(LogsQuery, { since })).since).toEqual(seconds);
  });
});

describe('the execute query', () => {
  it('splits the command the CLI sends and defaults to run, not interactive', async () => {
    const q = await throughPipe(ExecuteQuery, { command: '"echo" "hi"' });
    expect(q).toMatchObject({ command: ['echo', 'hi'] });
    expect(q.run).toBeUndefined();
  });

  it('reads exec -i as the CLI sends it', async () => {
    expect(
      await throughPipe(ExecuteQuery, { command: '"sh"', interactive: 'True', run: 'False' }),
    ).toMatchObject({ command: ['sh'], interactive: true, run: false });
  });

  it.each<[string, Raw, string]>([
    ['no command', {}, 'query parameter command: it is required'],
    ['an empty command', { command: '' }, 'query parameter command: it is required'],
    ['a blank command', { command: '   ' }, 'query parameter command: the command is empty'],
    ['an empty first word', { command: '""' }, 'the command is empty'],
    ['an unclosed quote', { command: '"echo' }, 'query parameter command: no closing quotation.'],
    ['two commands', { command: ['ls', 'ps'] }, 'it must be given once'],
    // Zun's `boolean`, narrower than boolean_extended: 1 and yes are not among its spellings.
    ['run=1', { command: 'ls', run: '1' }, 'query parameter run: expected True or False'],
    ['interactive=yes', { command: 'ls', interactive: 'yes' }, 'query parameter interactive'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(ExecuteQuery, raw)).toContain(message);
  });
});

describe('the resize queries', () => {
  const id = 'a'.repeat(64);

  it('reads a terminal size', async () => {
    expect(await throughPipe(ResizeQuery, { w: '80', h: '65535' })).toMatchObject({
      w: 80,
      h: 65535,
    });
    expect(await throughPipe(ExecResizeQuery, { exec_id: id, w: '1', h: '2' })).toMatchObject({
      exec_id: id,
      w: 1,
      h: 2,
    });
  });

  it.each<[string, Raw, string]>([
    ['no width', { h: '24' }, 'query parameter w: it is required'],
    ['an empty width', { w: '', h: '24' }, 'query parameter w: it is required'],
    ['a zero width', { w: '0', h: '24' }, 'expected a whole number from 1 to 65535'],
    ['a negative height', { w: '80', h: '-1' }, 'query parameter h'],
    ['a fractional height', { w: '80', h: '12.5' }, 'query parameter h'],
    ['a height in exponent form', { w: '80', h: '1e3' }, 'query parameter h'],
    ['a height with a blank', { w: '80', h: ' 3' }, 'query parameter h'],
    ['a signed height', { w: '80', h: '+3' }, 'query parameter h'],
    ['a hexadecimal height', { w: '80', h: '0x10' }, 'query parameter h'],
    ['a width past uint16', { w: '65536', h: '24' }, 'query parameter w'],
    ['a width given twice', { w: ['80', '81'], h: '24' }, 'it must be given once'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(ResizeQuery, raw)).toContain(message);
  });

  it.each([undefined, '', 'abc', `${id}0`, '../../containers/x/kill', 'A'.repeat(64)])(
    'refuses the exec id %j',
    async (exec_id) => {
      expect(await refusalOf(ExecResizeQuery, { exec_id, w: '80', h: '24' })).toContain(
        'query parameter exec_id',
      );
    },
  );
});

describe('the top query', () => {
  it.each<[Raw, string | undefined]>([
    [{}, undefined],
    [{ ps_args: '' }, undefined],
    [{ ps_args: 'None' }, undefined],
    [{ ps_args: 'aux' }, 'aux'],
    [{ ps_args: '-o pid,%cpu,comm' }, '-o pid,%cpu,comm'],
  ])('reads %j', async (raw, args) => {
    expect((await throughPipe(TopQuery, raw)).ps_args).toEqual(args);
  });

  it.each(['aux; rm -rf /', '$(id)', 'a'.repeat(256), 'aux\n'])(
    'refuses ps arguments %j',
    async (ps_args) => {
      expect(await refusalOf(TopQuery, { ps_args })).toContain('query parameter ps_args');
    },
  );
});

describe('the archive query', () => {
  it('takes an absolute path', async () => {
    expect((await throughPipe(ArchiveQuery, { path: '/etc/hosts' })).path).toBe('/etc/hosts');
    expect((await throughPipe(ArchiveQuery, { path: `/${'a'.repeat(4095)}` })).path).toHaveLength(
      4096,
    );
  });

  it.each<[string, Raw, string]>([
    ['no path', {}, 'query parameter path: it is required'],
    ['an empty path', { path: '' }, 'query parameter path: it is required'],
    ['a relative path', { path: 'etc/hosts' }, 'expected an absolute path in the container'],
    ['a NUL character', { path: '/a\0b' }, 'it contains a NUL character'],
    ['a path of 4,097 characters', { path: `/${'a'.repeat(4096)}` }, 'expected at most 4096'],
    ['two paths', { path: ['/a', '/b'] }, 'it must be given once'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(ArchiveQuery, raw)).toContain(message);
  });
});
