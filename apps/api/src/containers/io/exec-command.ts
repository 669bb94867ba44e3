import { BadRequest } from '../../errors';

/**
 * Splits Zun's `execute?command=` into argv the way Zun does: the string reaches docker-py's
 * exec_create, which runs it through Python's `shlex.split` (POSIX mode, no comments). The zun CLI
 * sends each argument double-quoted and space-joined (`"echo" "hi"`), curl users send `ls -l`; both
 * must give the argv the process would get from a shell. Malformed quoting is a 400, not a guess.
 */
export function splitCommand(input: string): string[] {
  const args: string[] = [];
  let current = '';
  // A token exists once any character or quote was seen, so `""` yields an empty argument.
  let inToken = false;
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      if (inToken) args.push(current);
      current = '';
      inToken = false;
      i++;
    } else if (ch === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw new BadRequest('Invalid command: no closing quotation.');
      current += input.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (ch === '"') {
      const [text, next] = readDoubleQuoted(input, i + 1);
      current += text;
      inToken = true;
      i = next;
    } else if (ch === '\\') {
      if (i + 1 >= input.length) throw new BadRequest('Invalid command: no escaped character.');
      current += input[i + 1];
      inToken = true;
      i += 2;
    } else {
      current += ch;
      inToken = true;
      i++;
    }
  }
  if (inToken) args.push(current);
  return args;
}

/** Inside double quotes shlex honours `\"` and `\\` only; any other backslash is literal. */
function readDoubleQuoted(input: string, start: number): [string, number] {
  let text = '';
  let i = start;
  while (i < input.length) {
    const ch = input[i];
    if (ch === '"') return [text, i + 1];
    if (ch === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
      text += input[i + 1];
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  throw new BadRequest('Invalid command: no closing quotation.');
}
