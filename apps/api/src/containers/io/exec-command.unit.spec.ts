import { BadRequest } from '../../errors';
import { splitCommand } from './exec-command';

describe('splitCommand (shlex.split, POSIX)', () => {
  it.each([
    // The zun CLI: each argument double-quoted, space-joined.
    ['"echo" "hi"', ['echo', 'hi']],
    ['"sh" "-c" "echo a b; exit 3"', ['sh', '-c', 'echo a b; exit 3']],
    ['"echo" "say \\"hi\\""', ['echo', 'say "hi"']],
    ['"printf" "a\\\\b"', ['printf', 'a\\b']],
    // Inside double quotes a backslash before anything else stays.
    ['"printf" "a\\nb"', ['printf', 'a\\nb']],
    ['"echo" ""', ['echo', '']],
    // curl users: plain words split on any whitespace run.
    ['ls -l /tmp', ['ls', '-l', '/tmp']],
    ['  ls\t-l \n /tmp  ', ['ls', '-l', '/tmp']],
    ['echo \'a "b" \\c\'', ['echo', 'a "b" \\c']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo pre"mid dle"post', ['echo', 'premid dlepost']],
    ["echo '' x", ['echo', '', 'x']],
    ['echo #not-a-comment', ['echo', '#not-a-comment']],
    ['', []],
    ['   ', []],
  ])('%j → %j', (input, argv) => {
    expect(splitCommand(input)).toEqual(argv);
  });

  it.each(['"echo', "echo 'hi", 'echo \\', '"a\\"'])('refuses malformed %j with a 400', (input) => {
    expect(() => splitCommand(input)).toThrow(BadRequest);
  });
});
