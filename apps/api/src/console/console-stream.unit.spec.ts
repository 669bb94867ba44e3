import { FrameDemuxer, Utf8Boundary } from './console-stream';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDemuxer', () => {
  it('joins stdout and stderr payloads, across frames split anywhere', () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]);
    for (let cut = 0; cut <= all.length; cut += 1) {
      const demuxer = new FrameDemuxer();
      const text = Buffer.concat([
        demuxer.push(all.subarray(0, cut)),
        demuxer.push(all.subarray(cut)),
      ]).toString();
      expect(text).toBe('out\nerr\nmore');
    }
  });
});

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
