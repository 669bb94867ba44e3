// The web console: routes (#/ and #/containers/<uuid>/<tab>), the container list kept current
// by the live event stream, and one container's terminal, logs and action log.
import { act, actionLog, listContainers, logsTail, showContainer } from './api.js';
import { openConsole } from './console.js';
import { followProject } from './live.js';
import { session } from './session.js';
import { Terminal } from '/ui/vendor/xterm.mjs';

const $ = (id) => document.getElementById(id);
const containers = new Map();
let stopLive = null;
let detail = null; // { uuid, tab, cleanup }

// --- Helpers ------------------------------------------------------------------------------

function show(id) {
  for (const view of ['login-view', 'list-view', 'detail-view']) $(view).hidden = view !== id;
}

function notify(message) {
  $('notice').textContent = message || '';
  $('notice').hidden = !message;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

function statusBadge(el, status) {
  el.textContent = status;
  el.dataset.status = status;
}

function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

async function perform(uuid, action) {
  notify('');
  try {
    await act(uuid, action);
    if (action === 'delete' && detail && detail.uuid === uuid) location.hash = '#/';
  } catch (error) {
    notify(`${action} failed: ${error.message}`);
  }
}

// --- Login --------------------------------------------------------------------------------

function showLogin(reason) {
  show('login-view');
  $('whoami').textContent = '';
  $('logout').hidden = true;
  $('live').hidden = true;
  $('login-error').textContent = reason || '';
  $('login-error').hidden = !reason;
}

async function submitLogin(event, attempt) {
  event.preventDefault();
  const form = event.target;
  $('login-error').hidden = true;
  try {
    await attempt(new FormData(form));
    form.reset();
  } catch (error) {
    $('login-error').textContent = error.message;
    $('login-error').hidden = false;
  }
}

$('login-form').addEventListener('submit', (e) =>
  submitLogin(e, (f) => session.login(f.get('username'), f.get('password'), f.get('project'))),
);
$('token-form').addEventListener('submit', (e) =>
  submitLogin(e, (f) => session.adopt(String(f.get('token')).trim())),
);
$('logout').addEventListener('click', () => void session.logout());

session.onChange((reason) => {
  notify('');
  stopLive?.();
  stopLive = null;
  leaveDetail();
  containers.clear();
  if (session.token()) void enter();
  else showLogin(reason);
});

// --- Container list -----------------------------------------------------------------------

function renderRow(view) {
  const tr = document.createElement('tr');
  tr.dataset.uuid = view.uuid;
  const name = document.createElement('a');
  name.href = `#/containers/${view.uuid}/terminal`;
  name.textContent = view.name || view.uuid;
  const nameCell = document.createElement('td');
  nameCell.append(name);
  const statusCell = document.createElement('td');
  const status = document.createElement('span');
  status.className = 'status';
  statusBadge(status, view.status);
  statusCell.append(status);
  const buttons = document.createElement('td');
  for (const action of ['start', 'stop', 'delete']) {
    buttons.append(
      button(action[0].toUpperCase() + action.slice(1), () => perform(view.uuid, action)),
    );
  }
  tr.append(nameCell, statusCell, cell(view.image), buttons);
  return tr;
}

function renderList() {
  const body = $('containers').querySelector('tbody');
  const views = [...containers.values()].sort((a, b) => (a.name || '').localeCompare(b.name || ''));
  body.replaceChildren(...views.map(renderRow));
  $('empty').hidden = views.length > 0;
}

function changed(uuid, view) {
  if (view === null) containers.delete(uuid);
  else containers.set(uuid, view);
  renderList();
  if (detail && detail.uuid === uuid) {
    if (view === null) notify('This container was deleted.');
    else renderDetailHeader(view);
    if (detail.tab === 'actions') void renderActions(uuid);
  }
}

async function enter() {
  $('whoami').textContent = session.who();
  $('logout').hidden = false;
  try {
    for (const view of await listContainers()) containers.set(view.uuid, view);
  } catch (error) {
    if (session.token()) notify(`Could not list containers: ${error.message}`);
    return;
  }
  stopLive = followProject({
    onContainer: changed,
    onStatus: (text, on) => {
      $('live').hidden = false;
      $('live').textContent = text;
      $('live').classList.toggle('on', on);
    },
  });
  route();
}

// --- One container ------------------------------------------------------------------------

function renderDetailHeader(view) {
  $('detail-name').textContent = view.name || view.uuid;
  statusBadge($('detail-status'), view.status);
}

function leaveDetail() {
  detail?.cleanup?.();
  detail = null;
}

for (const b of document.querySelectorAll('#detail-view .buttons button')) {
  b.addEventListener('click', () => detail && perform(detail.uuid, b.dataset.act));
}

async function openDetail(uuid, tab) {
  if (detail && detail.uuid === uuid && detail.tab === tab) return;
  leaveDetail();
  detail = { uuid, tab, cleanup: null };
  show('detail-view');
  for (const t of ['terminal', 'logs', 'actions']) {
    $(`tab-${t}`).href = `#/containers/${uuid}/${t}`;
    if (t === tab) $(`tab-${t}`).setAttribute('aria-current', 'page');
    else $(`tab-${t}`).removeAttribute('aria-current');
    $(`pane-${t}`).hidden = t !== tab;
  }
  const known = containers.get(uuid);
  if (known) renderDetailHeader(known);
  else {
    try {
      renderDetailHeader(await showContainer(uuid));
    } catch (error) {
      notify(error.message);
      return;
    }
  }
  if (tab === 'terminal') detail.cleanup = terminalPane(uuid);
  if (tab === 'logs') detail.cleanup = logsPane(uuid);
  if (tab === 'actions') void renderActions(uuid);
}

function terminalPane(uuid) {
  const form = $('terminal-form');
  const state = $('terminal-state');
  const host = $('terminal');
  host.replaceChildren();
  state.textContent = 'Not connected.';
  let term = null;
  let session = null;

  const close = () => {
    session?.close();
    session = null;
    $('terminal-close').disabled = true;
  };
  const onSubmit = (event) => {
    event.preventDefault();
    close();
    term?.dispose();
    host.replaceChildren();
    term = new Terminal({ rows: 24, cols: 100, convertEol: false, cursorBlink: true });
    term.open(host);
    const data = new FormData(form);
    const kind = data.get('kind');
    const request = { kind, container: uuid, tty: true, rows: term.rows, cols: term.cols };
    if (kind === 'exec') request.command = String(data.get('command'));
    state.textContent = 'Connecting…';
    const opened = openConsole(request, {
      opened: () => {
        state.textContent = `Connected (${kind}).`;
        term.focus();
      },
      output: (bytes) => term.write(bytes),
      failed: (message) => {
        state.textContent = `Refused: ${message}`;
        $('terminal-close').disabled = true;
      },
      ended: (reason) => {
        state.textContent = `Session ended: ${reason}.`;
        $('terminal-close').disabled = true;
      },
    });
    session = opened;
    term.onData((text) => opened.input(text));
    term.onResize(({ rows, cols }) => opened.resize(rows, cols));
    $('terminal-close').disabled = false;
  };
  form.addEventListener('submit', onSubmit);
  $('terminal-close').onclick = close;
  return () => {
    form.removeEventListener('submit', onSubmit);
    close();
    term?.dispose();
    host.replaceChildren();
  };
}

const LOG_TAIL = 500;
const POLL_MS = 2000;

/**
 * Follows the logs over the console socket (kind `logs`, follow). Where that is refused, the
 * last LOG_TAIL lines are read over REST every POLL_MS instead.
 */
function logsPane(uuid) {
  const out = $('logs');
  const state = $('logs-state');
  out.textContent = '';
  state.textContent = 'Connecting…';
  const decoder = new TextDecoder();
  let timer = null;
  let stopped = false;

  const poll = async () => {
    try {
      out.textContent = await logsTail(uuid, LOG_TAIL);
      out.scrollTop = out.scrollHeight;
    } catch (error) {
      state.textContent = `Could not read the logs: ${error.message}`;
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  };
  const stream = openConsole(
    { kind: 'logs', container: uuid, tail: LOG_TAIL, follow: true },
    {
      opened: () => (state.textContent = 'Following.'),
      output: (bytes) => {
        out.textContent += decoder.decode(bytes, { stream: true });
        out.scrollTop = out.scrollHeight;
      },
      failed: (message) => {
        if (stopped) return;
        state.textContent = `Live follow unavailable (${message}); refreshing every ${POLL_MS / 1000} s.`;
        void poll();
      },
      ended: (reason) => {
        if (!stopped) state.textContent = `Log stream ended: ${reason}.`;
      },
    },
  );
  return () => {
    stopped = true;
    clearTimeout(timer);
    stream.close();
  };
}

async function renderActions(uuid) {
  const body = $('actions').querySelector('tbody');
  try {
    const rows = (await actionLog(uuid)).map((a) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(a.action),
        cell(a.request_id),
        cell(a.start_time),
        cell(a.finish_time),
        cell(a.message),
      );
      return tr;
    });
    if (detail && detail.uuid === uuid && detail.tab === 'actions') body.replaceChildren(...rows);
  } catch (error) {
    notify(`Could not read the action log: ${error.message}`);
  }
}

// --- Routing ------------------------------------------------------------------------------

function route() {
  if (!session.token()) {
    showLogin(null);
    return;
  }
  const match = /^#\/containers\/([^/]+)\/(terminal|logs|actions)$/.exec(location.hash);
  if (match) {
    void openDetail(decodeURIComponent(match[1]), match[2]);
  } else {
    leaveDetail();
    show('list-view');
    renderList();
  }
}

window.addEventListener('hashchange', route);
if (session.token()) void enter();
else showLogin(null);
