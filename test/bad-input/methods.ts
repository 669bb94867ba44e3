import { ROUTES } from './catalogue';
import { json, type CaseSpec, type Family } from './case';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Methods a path does not serve (each catalogued path, every other method: 404 or 405), methods
 * no route knows, and methods the HTTP parser itself refuses (answered before Express, yet in
 * Zun's format).
 */
export const methods: Family = {
  name: 'methods',
  owner: 'schemas',
  build(t) {
    const byPath = new Map<string, { path: string; served: Set<string> }>();
    for (const route of ROUTES.filter((r) => r.served === 'berth')) {
      const { path } = route.example(t);
      const bare = path.split('?')[0] ?? path;
      const entry = byPath.get(route.pattern) ?? { path: bare, served: new Set<string>() };
      entry.served.add(route.method);
      byPath.set(route.pattern, entry);
    }
    const cases: CaseSpec[] = [];
    for (const [pattern, { path, served }] of byPath) {
      for (const method of METHODS.filter((m) => !served.has(m))) {
        cases.push({
          name: `${method} ${pattern}`,
          method,
          path,
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: json({}) }),
        });
      }
      if (!served.has('GET')) {
        cases.push({ name: `HEAD ${pattern}`, method: 'HEAD', path, format: 'status-only' });
      }
      cases.push({ name: `TRACE ${pattern}`, method: 'TRACE', path });
    }
    for (const method of ['PROPFIND', 'MKCOL', 'LOCK', 'PURGE', 'SEARCH']) {
      cases.push({ name: `${method} /v1/containers`, method, path: '/v1/containers' });
    }
    const raw = (name: string, request: string): CaseSpec => ({
      name,
      owner: 'intake',
      method: 'RAW',
      path: '/v1/containers',
      body: { kind: 'raw', request },
    });
    const host = 'Host: 127.0.0.1\r\n';
    const token = `X-Auth-Token: ${t.tokens.admin}\r\n`;
    cases.push(
      raw(
        'a method no HTTP parser knows (BREW)',
        `BREW /v1/containers HTTP/1.1\r\n${host}${token}\r\n`,
      ),
      raw('a method in lower case (get)', `get /v1/containers HTTP/1.1\r\n${host}${token}\r\n`),
      raw('CONNECT to an authority', `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host}${token}\r\n`),
      raw('a space inside the path', `GET /v1/con tainers HTTP/1.1\r\n${host}${token}\r\n`),
    );
    return cases;
  },
};
