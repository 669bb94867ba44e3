import { Readable } from 'node:stream';
import { collect, demuxStream, FrameDemuxer } from './stream-demux';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDemuxer', () => {
  const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, ''), frame(1, 'more')]);

  it('joins stdout and stderr payloads in order, across frames split anywhere', () => {
    for (let cut = 0; cut <= all.length; cut += 1) {
      const demuxer = new FrameDemuxer();
      const parts = [...demuxer.push(all.subarray(0, cut)), ...demuxer.push(all.subarray(cut))];
      expect(Buffer.concat(parts).toString()).toBe('out\nerr\nmore');
    }
  });

  it('hands on a payload as it arrives instead of waiting for the whole frame', () => {
    const demuxer = new FrameDemuxer();
    const big = frame(1, 'abcdef');
    expect(Buffer.concat(demuxer.push(big.subarray(0, 10))).toString()).toBe('ab');
    expect(Buffer.concat(demuxer.push(big.subarray(10))).toString()).toBe('cdef');
  });

  it('keeps what arrived of a truncated trailing frame', () => {
    const demuxer = new FrameDemuxer();
    const data = Buffer.concat([frame(1, 'whole'), frame(2, 'cut').subarray(0, 9)]);
    expect(Buffer.concat(demuxer.push(data)).toString()).toBe('wholec');
  });
});

describe('demuxStream', () => {
  it('demultiplexes a stream fed one byte at a time', async () => {
    const data = Buffer.concat([frame(1, 'a€'), frame(2, 'b\n')]);
    const bytes = [...data].map((b) => Buffer.from([b]));
    const out = Readable.from(bytes).pipe(demuxStream());
    expect((await collect(out)).toString()).toBe('a€b\n');
  });
});
