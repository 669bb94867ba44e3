import { isTraversal, loadWebConsoleAssets, WEB_CONSOLE_CSP } from './web-console';

describe('the web console assets', () => {
  const files = loadWebConsoleAssets();

  it('holds the shell, its modules and the vendored xterm.js and socket.io client', () => {
    for (const name of [
      'index.html',
      'app.js',
      'style.css',
      'vendor/xterm.mjs',
      'vendor/xterm.css',
      'vendor/socket.io.esm.min.js',
    ]) {
      expect(files.get(name)?.body.length).toBeGreaterThan(0);
    }
  });

  it('has no inline script and loads nothing from another origin', () => {
    for (const [name, file] of files) {
      if (name.startsWith('vendor/')) continue;
      const text = file.body.toString('utf8');
      expect(text).not.toMatch(/https?:\/\//);
      if (name.endsWith('.html')) {
        expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(text).not.toMatch(/\son[a-z]+=/);
      }
    }
  });

  it('lets scripts come from Berth only', () => {
    expect(WEB_CONSOLE_CSP).toContain("script-src 'self'");
    expect(WEB_CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });
});

describe('a path that leaves /ui', () => {
  it.each([
    '/ui/../package.json',
    '/ui/..',
    '/ui/./app.js',
    '/ui/%2e%2e/package.json',
    '/ui/%2E%2E/',
    '/ui/vendor%2f..%2fapp.js',
    '/ui/..%5cpackage.json',
    '/ui/..\\package.json',
  ])('is traversal: %s', (path) => {
    expect(isTraversal(path)).toBe(true);
  });

  it.each(['/ui', '/ui/', '/ui/app.js', '/ui/vendor/xterm.mjs', '/ui/containers/x..y'])(
    'is not traversal: %s',
    (path) => {
      expect(isTraversal(path)).toBe(false);
    },
  );
});
