import { MicroVersion } from '../../microversion';
import { toContainerSpec } from './container-spec.mapper';

const commandAt = (command: string | string[], version: MicroVersion): string[] | null =>
  toContainerSpec({ image: 'busybox', command }, version).command;

describe('the command of a create', () => {
  const legacy = MicroVersion.of(1, 19);

  it('splits a string command before 1.20 as shlex does, quotes of either kind included', () => {
    expect(commandAt("echo 'single q'", legacy)).toEqual(['echo', 'single q']);
    expect(commandAt(`sh -c 'echo "hello old"; sleep 100'`, legacy)).toEqual([
      'sh',
      '-c',
      'echo "hello old"; sleep 100',
    ]);
    expect(commandAt('"sh" "-c" "echo hi"', legacy)).toEqual(['sh', '-c', 'echo hi']);
  });

  it('takes a list as it is from 1.20 on', () => {
    expect(commandAt(['echo', "'quoted'"], MicroVersion.of(1, 40))).toEqual(['echo', "'quoted'"]);
  });

  it('refuses a string whose quotes do not close', () => {
    expect(() => commandAt("echo 'open", legacy)).toThrow('no closing quotation');
  });
});
