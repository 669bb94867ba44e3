import { demux, outputText } from './stream-demux';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('demux', () => {
  it('splits Docker frames into stdout and stderr and keeps their order combined', () => {
    const data = Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n'), frame(1, 'c\n')]);
    const out = demux(data);
    expect(out.stdout.toString()).toBe('a\nc\n');
    expect(out.stderr.toString()).toBe('b\n');
    expect(out.combined.toString()).toBe('a\nb\nc\n');
  });

  it('leaves a tty stream untouched', () => {
    expect(outputText(Buffer.from('raw\r\n'), true)).toBe('raw\r\n');
  });

  it('keeps what arrived of a truncated trailing frame rather than losing it', () => {
    const data = Buffer.concat([frame(1, 'whole'), frame(2, 'cut').subarray(0, 9)]);
    expect(demux(data).combined.toString()).toBe('wholec');
  });
});
