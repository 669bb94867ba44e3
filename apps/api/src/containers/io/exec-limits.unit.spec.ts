import { ExecTimedOut, outputWithNote } from './exec-limits';

describe('exec limits', () => {
  it('answers a timed-out exec with Zun’s 409 and message, the command quoted as zunclient sends it', () => {
    const error = new ExecTimedOut(['sh', '-c', 'echo "hi"; sleep 9'], 60);
    expect(error.status).toBe(409);
    expect(error.message).toBe(
      'Timeout on executing command: "sh" "-c" "echo \\"hi\\"; sleep 9" (it ran past 60 s and was killed).',
    );
  });

  it('leaves a whole output as it is', () => {
    expect(outputWithNote('hi\n', 0)).toBe('hi\n');
  });

  it('puts a first line before a truncated output saying how much is missing', () => {
    expect(outputWithNote('tail\n', 1234)).toBe(
      '[output truncated: the first 1234 bytes are not shown]\ntail\n',
    );
  });
});
