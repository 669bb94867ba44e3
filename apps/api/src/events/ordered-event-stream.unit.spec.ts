import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrderedEventStream } from './ordered-event-stream';

/** A local server whose one response is an OrderedEventStream the test drives. */
async function serve(): Promise<{
  server: Server;
  stream: Promise<{ stream: OrderedEventStream; closed: Promise<void> }>;
  response: Promise<IncomingMessage>;
}> {
  let handed: (value: { stream: OrderedEventStream; closed: Promise<void> }) => void = () => {};
  const stream = new Promise<{ stream: OrderedEventStream; closed: Promise<void> }>((resolve) => {
    handed = resolve;
  });
  const server = createServer((_req, res) => {
    let onClose: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      onClose = resolve;
    });
    handed({ stream: new OrderedEventStream(res, onClose), closed });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
  return { server, stream, response };
}

describe('an ordered event stream', () => {
  it('writes every event in order with its position as the SSE id', async () => {
    const { server, stream, response } = await serve();
    const { stream: sse, closed } = await stream;
    const res = await response;
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    const ended = new Promise((resolve) => res.on('end', resolve));
    for (let i = 0; i < 3; i++) await sse.send(`1:${i}`, { n: i });
    sse.end();
    await ended;
    await closed;
    server.close();
    expect(body).toBe(
      'id: 1:0\ndata: {"n":0}\n\nid: 1:1\ndata: {"n":1}\n\nid: 1:2\ndata: {"n":2}\n\n',
    );
  });

  it('waits while the client reads nothing, and lets the wait go when the client leaves', async () => {
    const { server, stream, response } = await serve();
    const { stream: sse, closed } = await stream;
    const res = await response;
    res.pause();
    const big = { text: 'x'.repeat(256 * 1024) };
    let sent = 0;
    let waiting: Promise<void> | undefined;
    // Sends until one has to wait for the socket: a stalled client holds the writer back.
    while (waiting === undefined && sent < 1000) {
      const pending = sse.send(`1:${sent++}`, big);
      const settled = await Promise.race([
        pending.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (!settled) waiting = pending;
    }
    expect(waiting).toBeDefined();
    res.destroy();
    await waiting;
    await closed;
    expect(sse.isClosed).toBe(true);
    server.close();
  });

  it('cuts a stalled client off when ended rather than waiting for it', async () => {
    const { server, stream, response } = await serve();
    const { stream: sse, closed } = await stream;
    const res = await response;
    res.pause();
    const big = { text: 'y'.repeat(256 * 1024) };
    let pending: Promise<void> = Promise.resolve();
    for (let i = 0; i < 40; i++) {
      pending = sse.send(`2:${i}`, big);
      const done = await Promise.race([
        pending.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (!done) break;
    }
    sse.end();
    await pending;
    await closed;
    expect(sse.isClosed).toBe(true);
    res.destroy();
    server.close();
  });
});
