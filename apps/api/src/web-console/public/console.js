// Console sessions over socket.io namespace /console: one session per socket. The client opens
// it with `open` (acknowledged with { ok } or { error: <Zun error document> }); the server sends
// `output` (bytes), `error` and `end`; the client sends `input`, `resize` and `close`.
import { connect, refusalMessage } from './sockets.js';

/**
 * Opens a session. `handlers`: output(Uint8Array), opened(), failed(message), ended(text).
 * Returns { input(text), resize(rows, cols), close() }.
 */
export function openConsole(request, handlers) {
  const socket = connect('/console', undefined, { own: true });
  let done = false;
  const finish = (report) => {
    if (done) return;
    done = true;
    socket.disconnect();
    report();
  };

  socket.on('connect', () => {
    socket.emit('open', request, (answer) => {
      if (answer && answer.ok) handlers.opened();
      else finish(() => handlers.failed(refusalMessage(answer ? answer.error : answer)));
    });
  });
  socket.on('connect_error', (refusal) => finish(() => handlers.failed(refusalMessage(refusal))));
  socket.on('output', (chunk) => handlers.output(new Uint8Array(chunk)));
  socket.on('error', (refusal) => finish(() => handlers.failed(refusalMessage(refusal))));
  socket.on('end', (end) => {
    const code = end && end.exitCode !== undefined ? `, exit code ${end.exitCode}` : '';
    finish(() => handlers.ended(`${(end && end.reason) || 'ended'}${code}`));
  });
  socket.on('disconnect', () => finish(() => handlers.ended('disconnected')));

  return {
    input: (text) => socket.emit('input', text),
    resize: (rows, cols) => socket.emit('resize', { rows, cols }),
    close: () => {
      if (!done) socket.emit('close');
      finish(() => undefined);
    },
  };
}
