import { BadRequest } from '../errors/api-errors';
import { inputBytesOf, openRequestOf, resizeRequestOf } from './console-requests';

describe('openRequestOf', () => {
  it('applies the defaults of each kind', () => {
    expect(openRequestOf({ kind: 'attach', container: 'web' })).toEqual({
      kind: 'attach',
      container: 'web',
    });
    expect(openRequestOf({ kind: 'exec', container: 'web' })).toEqual({
      kind: 'exec',
      container: 'web',
      command: ['sh'],
      tty: true,
    });
    expect(openRequestOf({ kind: 'logs', container: 'web' })).toEqual({
      kind: 'logs',
      container: 'web',
      tail: 'all',
      follow: true,
    });
  });

  it('splits an exec command as zun exec does and keeps the terminal size', () => {
    expect(
      openRequestOf({
        kind: 'exec',
        container: 'web',
        command: 'sh -c "echo a b"',
        tty: false,
        rows: 24,
        cols: 80,
      }),
    ).toEqual({
      kind: 'exec',
      container: 'web',
      command: ['sh', '-c', 'echo a b'],
      tty: false,
      size: { rows: 24, cols: 80 },
    });
  });

  it('accepts tty, rows and cols on every kind, so a client may send one shape', () => {
    expect(
      openRequestOf({ kind: 'logs', container: 'w', tty: true, rows: 1, cols: 1, tail: 0 }),
    ).toEqual({ kind: 'logs', container: 'w', tail: 0, follow: true });
  });

  it.each([
    ['not an object', 'attach'],
    ['null', null],
    ['an array', [{ kind: 'attach', container: 'w' }]],
    ['a Buffer', Buffer.from('{}')],
    ['no kind', { container: 'w' }],
    ['an unknown kind', { kind: 'shell', container: 'w' }],
    ['no container', { kind: 'attach' }],
    ['an empty container', { kind: 'attach', container: '' }],
    ['a long container', { kind: 'attach', container: 'x'.repeat(256) }],
    ['an unknown field', { kind: 'attach', container: 'w', x: 1 }],
    ['an own __proto__ field', JSON.parse('{"kind":"attach","container":"w","__proto__":{}}')],
    ['a command on attach', { kind: 'attach', container: 'w', command: 'sh' }],
    ['tail on exec', { kind: 'exec', container: 'w', tail: 1 }],
    ['an empty command', { kind: 'exec', container: 'w', command: ' ' }],
    ['an unclosed quote', { kind: 'exec', container: 'w', command: 'sh "x' }],
    ['a command array', { kind: 'exec', container: 'w', command: ['sh'] }],
    ['a long command', { kind: 'exec', container: 'w', command: 'x'.repeat(4097) }],
    ['tty as a string', { kind: 'exec', container: 'w', tty: 'true' }],
    ['rows alone', { kind: 'exec', container: 'w', rows: 24 }],
    ['zero rows', { kind: 'exec', container: 'w', rows: 0, cols: 80 }],
    ['a fraction', { kind: 'exec', container: 'w', rows: 2.5, cols: 80 }],
    ['past uint16', { kind: 'exec', container: 'w', rows: 24, cols: 65_536 }],
    ['NaN', { kind: 'exec', container: 'w', rows: 24, cols: Number.NaN }],
    ['a negative tail', { kind: 'logs', container: 'w', tail: -1 }],
    ['tail "all"', { kind: 'logs', container: 'w', tail: 'all' }],
    ['follow as a string', { kind: 'logs', container: 'w', follow: 'yes' }],
  ])('refuses %s with a 400', (_name, payload) => {
    expect(() => openRequestOf(payload)).toThrow(BadRequest);
  });
});

describe('resizeRequestOf', () => {
  it('takes rows and cols within 1..65535', () => {
    expect(resizeRequestOf({ rows: 1, cols: 65_535 })).toEqual({ rows: 1, cols: 65_535 });
  });

  it.each([null, {}, { rows: 24 }, { rows: 24, cols: 80, x: 1 }, [24, 80], { rows: -1, cols: 2 }])(
    'refuses %j with a 400',
    (payload) => {
      expect(() => resizeRequestOf(payload)).toThrow(BadRequest);
    },
  );
});

describe('inputBytesOf', () => {
  it('sends text as UTF-8 and bytes as they are', () => {
    expect(inputBytesOf('é')).toEqual(Buffer.from([0xc3, 0xa9]));
    expect(inputBytesOf(new Uint8Array([1, 2]))).toEqual(Buffer.from([1, 2]));
    expect(inputBytesOf(new Uint8Array([7, 8]).buffer)).toEqual(Buffer.from([7, 8]));
  });

  it.each([12, null, { a: 1 }, undefined])('refuses %j with a 400', (payload) => {
    expect(() => inputBytesOf(payload)).toThrow(BadRequest);
  });
});
