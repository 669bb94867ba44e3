/** Linux's signal names, as Docker's `kill` parses them (SIG prefix and case optional). */
const SIGNAL_NAMES: ReadonlySet<string> = new Set([
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'IOT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'IO',
  'POLL',
  'PWR',
  'SYS',
  'RTMIN',
  'RTMAX',
]);
const REAL_TIME = /^RTM(IN\+([1-9]|1[0-5])|AX-([1-9]|1[0-4]))$/;
const HIGHEST_SIGNAL = 64;

/**
 * Whether `signal` names a signal Docker can send, as Zun's API checks before asking compute: a
 * number from 1 to 64, or a name such as SIGHUP, HUP or hup (RTMIN+n and RTMAX-n included).
 */
export function isKnownSignal(signal: string): boolean {
  if (/^\d+$/.test(signal)) return Number(signal) >= 1 && Number(signal) <= HIGHEST_SIGNAL;
  const name = signal.toUpperCase().replace(/^SIG/, '');
  return SIGNAL_NAMES.has(name) || REAL_TIME.test(name);
}
