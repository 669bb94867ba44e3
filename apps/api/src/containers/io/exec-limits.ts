import { Conflict } from '../../errors';

/**
 * Zun's Conflict (409) with its message, as Zun's docker driver answers an exec that outlives
 * `[docker] execute_timeout`. Unlike Zun, Berth has also killed the command and what it started by then.
 */
export class ExecTimedOut extends Conflict {
  constructor(command: readonly string[], seconds: number) {
    super(
      `Timeout on executing command: ${quoted(command)} (it ran past ${seconds} s and was killed).`,
    );
  }
}

/** The argv as zunclient sends it: each argument double-quoted, joined by spaces. */
function quoted(command: readonly string[]): string {
  return command.map((arg) => `"${arg.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
}

/**
 * The output an exec answers: all of it, or, when the cap cut its head, a first line saying how
 * many bytes are missing before the rest. Zun's body has no field for this and the zun CLI prints
 * `output` as is, so the note is in the text, where both a user and a script can see it.
 */
export function outputWithNote(output: string, droppedBytes: number): string {
  if (droppedBytes <= 0) return output;
  return `[output truncated: the first ${droppedBytes} bytes are not shown]\n${output}`;
}
