import { isKnownSignal } from './container.signals';

describe('the signals a kill may send', () => {
  it.each(['SIGHUP', 'HUP', 'hup', 'SigTerm', 'KILL', '9', '1', '64', 'SIGRTMIN+3', 'RTMAX-2'])(
    'knows %s',
    (signal) => expect(isKnownSignal(signal)).toBe(true),
  );

  it.each(['SIGBOGUS', 'BOGUS', '0', '65', '99', 'SIG', 'RTMIN+16', '-9', '9x', ''])(
    'refuses %s',
    (signal) => expect(isKnownSignal(signal)).toBe(false),
  );
});
