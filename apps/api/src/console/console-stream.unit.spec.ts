import { Utf8Boundary } from './console-stream';

describe('Utf8Boundary', () => {
  it('never ends a chunk inside a character', () => {
    const all = Buffer.from('a€b😀c');
    for (let cut = 0; cut <= all.length; cut += 1) {
      const boundary = new Utf8Boundary();
      const first = boundary.push(all.subarray(0, cut));
      const second = boundary.push(all.subarray(cut));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(first)).not.toThrow();
      expect(Buffer.concat([first, second, boundary.flush()]).toString()).toBe('a€b😀c');
    }
  });
});
