import { pipeline, Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { PathStat } from '@berth/drivers';
import type { HttpResponse } from '../../request-context';

/*
 * JSON bodies written as their content arrives from the engine, so a log or an archive of any
 * size costs the API a few chunks of memory, never its whole size. Each encoder is a Transform,
 * so a client reading slowly pauses the engine's stream (pipeline's backpressure).
 */

/** A JSON string's escaped content, without its quotes. */
function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Bytes in, one JSON string out: exactly `JSON.stringify(wholeInput.toString('utf8'))`, written a
 * chunk at a time. The decoder holds back a character split across chunks until it is whole.
 */
export function jsonStringEncoder(): Transform {
  const decoder = new StringDecoder('utf8');
  let opened = false;
  const open = (): string => {
    if (opened) return '';
    opened = true;
    return '"';
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done): void {
      const text = open() + escaped(decoder.write(chunk));
      // An empty push would only wake the reader for nothing.
      if (text !== '') this.push(text);
      done();
    },
    flush(done): void {
      this.push(`${open()}${escaped(decoder.end())}"`);
      done();
    },
  });
}

/**
 * A tar in, Zun's get_archive body out: `{"data": "<base64>", "stat": {...}}`. Base64 is written
 * three bytes at a time; the stat, known from the engine's headers before the first byte, closes
 * the object.
 */
export function archiveJsonEncoder(stat: PathStat): Transform {
  let carry = Buffer.alloc(0);
  let opened = false;
  const open = (): string => {
    if (opened) return '';
    opened = true;
    return '{"data": "';
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done): void {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % 3);
      carry = Buffer.from(data.subarray(whole));
      const text = open() + data.subarray(0, whole).toString('base64');
      if (text !== '') this.push(text);
      done();
    },
    flush(done): void {
      this.push(`${open()}${carry.toString('base64')}", "stat": ${JSON.stringify(stat)}}`);
      done();
    },
  });
}

/**
 * Answers 200 with `source` through `encoder` as an application/json body. A failure once the
 * body has begun can only cut the response short (pipeline destroys the response, as
 * writeFailure does): the client sees a truncated body, never a complete-looking wrong one. A
 * client that goes away destroys the source, which closes the engine's connection.
 */
export function sendJsonStream(
  res: HttpResponse,
  source: Readable,
  encoder: Transform,
  onFailure: (error: Error) => void,
): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  pipeline(source, encoder, res, (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') onFailure(error);
  });
}
