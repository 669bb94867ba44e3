import { PassThrough, Readable, Writable } from 'node:stream';
import type { PathStat } from '@berth/drivers';
import type { HttpResponse } from '../../request-context';
import { archiveJsonEncoder, jsonStringEncoder, sendJsonStream } from './json-stream';

/** Feeds `input` through `encoder` in chunks of `size` bytes and returns the output text. */
async function encode(
  encoder: NodeJS.ReadWriteStream,
  input: Buffer,
  size: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
  const out: Buffer[] = [];
  const piped = Readable.from(chunks).pipe(encoder);
  for await (const chunk of piped) out.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(out).toString('utf8');
}

const stat: PathStat = { name: 'f', size: 3, mode: 420, mtime: 'm', linkTarget: '' };

describe('jsonStringEncoder', () => {
  const text = 'line "one"\n\ttab \\ back\u0001 € 😀 end\r\n';
  const input = Buffer.from(text);

  it('writes exactly the JSON string of the whole input, however it is chunked', async () => {
    for (const size of [1, 2, 3, 5, 7, 1000]) {
      expect(await encode(jsonStringEncoder(), input, size)).toBe(JSON.stringify(text));
    }
  });

  it('writes an empty string for no input', async () => {
    expect(await encode(jsonStringEncoder(), Buffer.alloc(0), 1)).toBe('""');
  });

  it('replaces invalid UTF-8 as decoding the whole input would', async () => {
    const broken = Buffer.from([0x61, 0xe2, 0x82, 0x62, 0xff, 0x63]);
    for (const size of [1, 2, 6]) {
      expect(await encode(jsonStringEncoder(), broken, size)).toBe(
        JSON.stringify(broken.toString('utf8')),
      );
    }
  });
});

describe('archiveJsonEncoder', () => {
  it('writes Zun’s get_archive body with the whole input in base64, however it is chunked', async () => {
    const tar = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));
    for (const size of [1, 2, 3, 4, 64, 5000]) {
      const body = JSON.parse(await encode(archiveJsonEncoder(stat), tar, size)) as unknown;
      expect(body).toEqual({ data: tar.toString('base64'), stat });
    }
  });

  it('writes an empty data string for an empty tar', async () => {
    expect(JSON.parse(await encode(archiveJsonEncoder(stat), Buffer.alloc(0), 1))).toEqual({
      data: '',
      stat,
    });
  });
});

describe('sendJsonStream', () => {
  it('cuts the response short when the source fails half-way', async () => {
    const source = new PassThrough();
    const written: string[] = [];
    const res = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        written.push(chunk.toString());
        done();
      },
    }) as unknown as HttpResponse & Writable;
    Object.assign(res, { statusCode: 0, setHeader: () => res });
    const failures: Error[] = [];
    sendJsonStream(res, source, jsonStringEncoder(), (error) => failures.push(error));
    source.write('partial');
    await new Promise((r) => setImmediate(r));
    source.destroy(new Error('engine went away'));
    await new Promise((r) => setImmediate(r));
    expect(written.join('')).toBe('"partial');
    expect(res.destroyed).toBe(true);
    expect(failures.map((e) => e.message)).toEqual(['engine went away']);
  });
});
