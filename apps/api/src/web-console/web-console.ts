import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { BadRequest } from '../errors/api-errors';
import { toApiFailure } from '../errors/api-failure';
import { writeFailure } from '../errors/error-body';
import type { HttpMiddleware } from '../request-context/http.types';

/** Where the web console is served: public static files, no API data. */
export const WEB_CONSOLE_PATH = '/ui';

/**
 * The page's policy: scripts only from Berth itself (no inline script, no eval, no CDN), data
 * only from Berth (REST and socket.io, same origin). Styles allow inline because xterm.js
 * themes its terminal by adding a `<style>` element; a style cannot run code.
 */
export const WEB_CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  type: string;
  body: Buffer;
}

/** The browser libraries, served from node_modules under /ui/vendor/ (no CDN, no bundler). */
function vendorAssets(): Array<[string, string]> {
  const xterm = dirname(require.resolve('@xterm/xterm/package.json'));
  const socketIo = dirname(require.resolve('socket.io-client/package.json'));
  return [
    ['vendor/xterm.mjs', join(xterm, 'lib', 'xterm.mjs')],
    ['vendor/xterm.css', join(xterm, 'css', 'xterm.css')],
    ['vendor/socket.io.esm.min.js', join(socketIo, 'dist', 'socket.io.esm.min.js')],
  ];
}

/**
 * Every file the console serves, read once at start-up into memory: a request names a key of
 * this map or gets the shell, so no request ever reaches the file system.
 */
export function loadWebConsoleAssets(publicDir = join(__dirname, 'public')): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const add = (name: string, path: string): void => {
    const type = TYPES[extname(path)];
    if (type === undefined) return;
    files.set(name, { type, body: readFileSync(path) });
  };
  for (const entry of readdirSync(publicDir, { withFileTypes: true })) {
    if (entry.isFile()) add(entry.name, join(publicDir, entry.name));
  }
  for (const [name, path] of vendorAssets()) add(name, path);
  if (!files.has('index.html')) throw new Error(`web console: no index.html in ${publicDir}`);
  return files;
}

/**
 * A path that tries to leave /ui: a `.` or `..` segment, or a dot, slash or backslash spelled
 * with percent-encoding (which a proxy or file server might decode into one). Clients normalise
 * such paths themselves, so only a hand-made request sends one.
 */
export function isTraversal(rawPath: string): boolean {
  if (/%(2e|2f|5c)/i.test(rawPath) || rawPath.includes('\\')) return true;
  return rawPath.split('/').some((segment) => segment === '.' || segment === '..');
}

function rawPathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The middleware under /ui. GET and HEAD only (anything else falls through to Nest's 404, in
 * Zun's format). A known file is served; any other path is the application shell, so a
 * reload on a deep link works and nothing else is ever returned. Traversal is a 400.
 */
export function webConsoleMiddleware(files: ReadonlyMap<string, Asset>): HttpMiddleware {
  const shell = files.get('index.html');
  return (req, res, next) => {
    const raw = rawPathOf(req.originalUrl ?? req.url);
    if (raw !== WEB_CONSOLE_PATH && !raw.startsWith(`${WEB_CONSOLE_PATH}/`)) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const requestId = req.berth?.requestId ?? 'req-unknown';
    if (isTraversal(raw)) {
      const refusal = new BadRequest('The web console serves no path outside /ui.');
      writeFailure(req, res, toApiFailure(refusal, requestId), requestId);
      return;
    }
    const name = raw.slice(WEB_CONSOLE_PATH.length + 1);
    const asset = files.get(name) ?? shell;
    if (asset === undefined) {
      next();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Content-Length', asset.body.length);
    res.setHeader('Content-Security-Policy', WEB_CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
}

/** Mounts the web console (call before `app.init()`, like the OpenAPI document). */
export function serveWebConsole(app: INestApplication): void {
  app.use(webConsoleMiddleware(loadWebConsoleAssets()));
}
