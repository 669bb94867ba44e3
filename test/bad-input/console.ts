import { type CaseSpec, type Family } from './case';

/**
 * The console's HTTP side: /console speaks only websocket upgrades with a one-time token; plain
 * HTTP there, and upgrades to any other path, are refused.
 */
export const consoleHttp: Family = {
  name: 'console',
  owner: 'streams',
  build(t) {
    const upgrade = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    const cases: CaseSpec[] = [
      { name: 'GET /console over plain HTTP', method: 'GET', path: '/console' },
      {
        name: 'GET /console with a token over plain HTTP',
        method: 'GET',
        path: `/console?token=garbage&uuid=${t.running.uuid}`,
      },
      { name: 'POST /console', method: 'POST', path: '/console' },
      { name: 'GET /console/ with no token', method: 'GET', path: '/console/', auth: 'none' },
      {
        name: 'a websocket upgrade to an unknown path',
        method: 'GET',
        path: '/consolex',
        headers: upgrade,
        format: 'status-only',
      },
      {
        name: 'a websocket upgrade to /v1/containers',
        method: 'GET',
        path: '/v1/containers',
        headers: upgrade,
        format: 'status-only',
      },
    ];
    return cases;
  },
};
