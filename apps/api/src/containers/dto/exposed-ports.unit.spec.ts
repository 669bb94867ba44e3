import { exposedPortsOf } from './exposed-ports';

describe('the ports a create exposes', () => {
  it('names each as port/protocol, tcp when no protocol is given', () => {
    expect(exposedPortsOf({ '80': {}, '53/udp': {}, '8080/tcp': {} })).toEqual({
      '80/tcp': {},
      '53/udp': {},
      '8080/tcp': {},
    });
    expect(exposedPortsOf(undefined)).toEqual({});
  });

  it.each(['abc', '0', '65536', '-1', '1.5', ''])('refuses %s as a port', (port) => {
    expect(() => exposedPortsOf({ [port]: {} })).toThrow(
      `value ${port} is invalid as publish port.`,
    );
  });

  it('refuses a protocol other than tcp or udp', () => {
    expect(() => exposedPortsOf({ '80/sctp': {} })).toThrow('value sctp is an invalid protocol');
    expect(() => exposedPortsOf({ '80/tcp/x': {} })).toThrow('is an invalid protocol');
  });
});
