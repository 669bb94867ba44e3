// socket.io connections to the API's own server: path /socket.io, websocket only (the server
// takes no long-polling), the Keystone token in the handshake's auth (never in the URL).
import { io } from '/ui/vendor/socket.io.esm.min.js';
import { session } from './session.js';

export function connect(namespace, auth = () => ({}), { own = false } = {}) {
  return io(namespace, {
    path: '/socket.io',
    transports: ['websocket'],
    // socket.io-client shares one connection among a page's namespaces unless told otherwise.
    // A console ends with the server closing its connection, which would disconnect the event
    // stream riding on it too: each console gets a connection of its own.
    forceNew: own,
    // A function: socket.io-client calls it again on each reconnect, so a resume sends the
    // current token and position, not the first ones.
    auth: (cb) => cb({ token: session.token(), ...auth() }),
  });
}

/** The message of a refusal, whether Zun's error document or socket.io's own Error. */
export function refusalMessage(refusal) {
  const doc = refusal && refusal.data ? refusal.data : refusal;
  const first = doc && Array.isArray(doc.errors) ? doc.errors[0] : null;
  if (first) return first.detail || first.title;
  return refusal && refusal.message ? refusal.message : String(refusal);
}

export function refusalStatus(refusal) {
  const doc = refusal && refusal.data ? refusal.data : refusal;
  const first = doc && Array.isArray(doc.errors) ? doc.errors[0] : null;
  return first ? Number(first.status) : 0;
}
