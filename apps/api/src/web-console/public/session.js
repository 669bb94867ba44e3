// The token lives in sessionStorage only: gone when the tab closes, never in a URL or a cookie
// (so no other site's form can ride on it).
const TOKEN = 'berth.token';
const WHO = 'berth.who';

const listeners = new Set();

function password(user, secret, project) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password: secret } },
      },
      scope: { project: { name: project, domain: { name: 'Default' } } },
    },
  };
}

function describe(token) {
  const user = token.user ? token.user.name : '?';
  const project = token.project ? token.project.name : '?';
  return `${user} @ ${project}`;
}

async function keystone(method, headers, body) {
  const res = await fetch('/identity/v3/auth/tokens', {
    method,
    headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const message = parsed && parsed.error ? parsed.error.message : `${res.status}`;
    throw new Error(res.status === 401 ? `Login refused: ${message}` : message);
  }
  return { res, token: parsed ? parsed.token : null };
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  who: () => sessionStorage.getItem(WHO) || '',

  /** Keystone password login, scoped to a project of the Default domain. */
  async login(user, secret, project) {
    const { res, token } = await keystone('POST', {}, password(user, secret, project));
    const subject = res.headers.get('X-Subject-Token');
    if (!subject) throw new Error('Keystone answered without a token.');
    this.start(subject, describe(token));
  },

  /** A pasted token: Keystone's own validation says whose it is, and whether it still works. */
  async adopt(subject) {
    const { token } = await keystone('GET', {
      'X-Auth-Token': subject,
      'X-Subject-Token': subject,
    });
    if (!token.project) throw new Error('This token is not scoped to a project.');
    this.start(subject, describe(token));
  },

  start(token, who) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(WHO, who);
    listeners.forEach((f) => f(null));
  },

  /** Ends the session in this tab; `reason` is shown on the login form. */
  expire(reason) {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(WHO);
    listeners.forEach((f) => f(reason));
  },

  /** Revokes the token at Keystone too (best effort), then forgets it. */
  async logout() {
    const token = this.token();
    if (token) {
      await keystone('DELETE', { 'X-Auth-Token': token, 'X-Subject-Token': token }).catch(
        () => undefined,
      );
    }
    this.expire(null);
  },

  onChange(f) {
    listeners.add(f);
  },
};
