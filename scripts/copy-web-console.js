// Part of `npm run build`: tsc compiles only TypeScript, so the web console's static files
// (apps/api/src/web-console/public) are copied beside the compiled module that serves them.
const { cpSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const from = join(root, 'apps', 'api', 'src', 'web-console', 'public');
const to = join(root, 'dist', 'apps', 'api', 'src', 'web-console', 'public');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
