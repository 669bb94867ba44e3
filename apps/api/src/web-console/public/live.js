// The project's live event stream (socket.io namespace /events). Events only say that a
// container changed; its state is then read from the log at that event's position
// (/v1/containers/{id}/state?at_position=), which is exactly the state the event produced,
// however far the read tables' projector lags behind.
import { containerAt } from './api.js';
import { connect, refusalMessage, refusalStatus } from './sockets.js';
import { session } from './session.js';

const SETTLE_MS = 150;
const RETRY_MS = 2000;

/**
 * Follows the stream from the start of the log (or the last event handled, on a reconnect) and
 * calls `onContainer(uuid, view | null)` with each changed container's state (null once gone),
 * at most once per container per SETTLE_MS, so a burst of events (a catch-up) costs one read.
 */
export function followProject({ onContainer, onStatus }) {
  let last;
  const pending = new Map();
  const latest = new Map();
  const socket = connect('/events', () => (last ? { after: last } : {}));

  async function settle(uuid) {
    pending.delete(uuid);
    const position = latest.get(uuid);
    try {
      const view = await containerAt(uuid, position);
      if (latest.get(uuid) !== position) return; // a newer event's read will answer
      onContainer(uuid, view.status === 'Deleted' ? null : view);
    } catch (error) {
      if (error.status === 404 && latest.get(uuid) === position) onContainer(uuid, null);
    }
  }

  socket.on('event', (event, ack) => {
    last = event.id;
    latest.set(event.container_uuid, event.id);
    if (!pending.has(event.container_uuid)) {
      pending.set(
        event.container_uuid,
        setTimeout(() => void settle(event.container_uuid), SETTLE_MS),
      );
    }
    if (typeof ack === 'function') ack();
  });
  let refused = false;
  let retry = null;
  socket.on('connect', () => onStatus('live', true));
  socket.on('disconnect', (reason) => {
    onStatus('reconnecting…', false);
    // socket.io-client reconnects by itself after a lost connection, but not when the server
    // ended the socket (a client too slow to acknowledge, the API shutting down). Unless that
    // came with a refusal, ask again: the resume starts after the last event handled.
    if (reason === 'io server disconnect' && !refused) {
      retry = setTimeout(() => socket.connect(), RETRY_MS);
    }
  });
  socket.on('connect_error', (refusal) => {
    if (refusalStatus(refusal) === 401) session.expire(refusalMessage(refusal));
    else onStatus(`offline: ${refusalMessage(refusal)}`, false);
  });
  socket.on('error', (refusal) => {
    refused = true;
    onStatus(`offline: ${refusalMessage(refusal)}`, false);
  });
  socket.on('expired', () => {
    refused = true;
    session.expire('Your token is no longer valid; log in again.');
  });

  return () => {
    pending.forEach((timer) => clearTimeout(timer));
    clearTimeout(retry);
    socket.disconnect();
  };
}
