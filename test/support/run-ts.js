// Runs a TypeScript entry point (`node -r ./test/support/run-ts.js apps/x/src/main.ts`) without a
// build, as a real process: each file is transpiled when required, @berth/* mapped as tsconfig does.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..', '..');
const LIBS = {
  domain: 'libs/domain/src',
  drivers: 'libs/drivers/src',
  platform: 'libs/platform/src',
};
const COMPILER = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@berth\/(domain|drivers|platform)(\/.*)?$/.exec(request);
  if (match !== null) {
    const target = path.join(ROOT, LIBS[match[1]], match[2] ?? 'index.ts');
    return resolveFilename.call(this, target, ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: COMPILER,
  });
  module._compile(outputText, filename);
};
