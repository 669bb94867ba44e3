import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import type { HttpResponse } from '../../request-context';
import { EventStream } from './event-stream';

/** A response whose socket takes writes until `full`, then refuses until it drains. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  full = false;
  ended = false;
  destroyed = false;
  writeHead(): this {
    return this;
  }
  flushHeaders(): void {}
  write(chunk: string): boolean {
    this.written.push(chunk);
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
  drain(): void {
    this.full = false;
    this.emit('drain');
  }
}

function open(): { res: FakeResponse; stream: EventStream; closed: () => number } {
  const res = new FakeResponse();
  let closes = 0;
  const stream = new EventStream(res as unknown as HttpResponse, () => {
    closes += 1;
  });
  return { res, stream, closed: () => closes };
}

describe('EventStream', () => {
  // Its keep-alive interval must not outlive the test.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes events while the reader keeps up', () => {
    const { res, stream } = open();
    stream.send('container', '{"a":1}');
    stream.send('container', '{"a":2}');
    expect(res.written).toEqual([
      'event: container\ndata: {"a":1}\n\n',
      'event: container\ndata: {"a":2}\n\n',
    ]);
  });

  it('holds only the latest event for a slow reader and writes it once the buffer drains', () => {
    const { res, stream } = open();
    res.full = true;
    stream.send('container', '{"n":1}');
    for (let n = 2; n <= 1000; n += 1) stream.send('container', `{"n":${n}}`);
    expect(res.written).toEqual(['event: container\ndata: {"n":1}\n\n']);
    res.drain();
    expect(res.written).toEqual([
      'event: container\ndata: {"n":1}\n\n',
      'event: container\ndata: {"n":1000}\n\n',
    ]);
  });

  it('ends only after the pending event is written', () => {
    const { res, stream } = open();
    res.full = true;
    stream.send('container', '{}');
    stream.send('deleted', '{"uuid":"u"}');
    stream.end();
    expect(res.ended).toBe(false);
    res.drain();
    expect(res.written[res.written.length - 1]).toBe('event: deleted\ndata: {"uuid":"u"}\n\n');
    expect(res.ended).toBe(true);
  });

  it('closes at once for a client already gone, and only once', () => {
    const res = new FakeResponse();
    res.destroyed = true;
    let closes = 0;
    const stream = new EventStream(res as unknown as HttpResponse, () => {
      closes += 1;
    });
    res.emit('close');
    expect(stream.isClosed).toBe(true);
    expect(closes).toBe(1);
  });
});
