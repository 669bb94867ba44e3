import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BERTH_VARIABLES, platformConfigFromEnv, type BerthVariable } from '@berth/platform';
import { defaultDockerEndpoint } from '@berth/drivers';
import { DEFAULT_CONTAINER_BOUNDS } from '../apps/api/src/containers/dto/container-units';
import { loadApiConfig } from '../apps/api/src/config/api-config';
import { DEFAULT_LIMITS } from '../apps/api/src/config/limits-config';
import { schedulerConfigFromEnv, strandedCreatesConfigFromEnv } from '../apps/api/src/scheduler';
import { computeConfigFromEnv } from '../apps/compute/src/compute.config';
import { DEFAULT_PAGE_SIZE } from '../apps/projector/src/rebuild/rebuild-options';

const ROOT = join(__dirname, '..');
const db = { DATABASE_URL: 'postgres://berth@127.0.0.1/berth' };

/** Every config a process builds from the environment, as one comparable value. */
function everything(env: Record<string, string>): unknown {
  return {
    api: loadApiConfig({ ...db, ...env }, '/tmp'),
    compute: computeConfigFromEnv({ hostname: 'h' }, env),
    platform: platformConfigFromEnv({}, { ...db, ...env }),
    scheduler: schedulerConfigFromEnv(env),
    stranded: strandedCreatesConfigFromEnv(env),
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the declared configuration', () => {
  const withDefaults = Object.entries(BERTH_VARIABLES).filter(
    ([name, spec]) => spec.default !== undefined && name !== 'DOCKER_HOST',
  );

  it.each(withDefaults.map(([name, spec]) => [name, String(spec.default)]))(
    'documents the default of %s (%s) as the one in effect',
    (name, value) => {
      expect(everything({ [name]: value })).toEqual(everything({}));
    },
  );

  it('documents the defaults that live beside their features', () => {
    const v = BERTH_VARIABLES;
    expect(v.BERTH_REBUILD_PAGE_SIZE.default).toBe(DEFAULT_PAGE_SIZE);
    expect(v.BERTH_CONTAINER_MAX_CPU.default).toBe(DEFAULT_CONTAINER_BOUNDS.cpu.max);
    expect(v.BERTH_CONTAINER_MAX_MEMORY_MIB.default).toBe(DEFAULT_CONTAINER_BOUNDS.memory.max);
    expect(v.BERTH_CONTAINER_MAX_DISK_GB.default).toBe(DEFAULT_CONTAINER_BOUNDS.disk.max);
    expect(v.BERTH_RATE_LIMIT_CLIENT_READS.default).toBe(DEFAULT_LIMITS.rate.clientReads);
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      expect(defaultDockerEndpoint()).toBe(v.DOCKER_HOST.default);
    } finally {
      if (saved !== undefined) process.env.DOCKER_HOST = saved;
    }
  });

  it('is the only way apps/ and libs/ read a variable from process.env', () => {
    // The drivers library sits below the platform and cannot import it; DOCKER_HOST is declared.
    const allowed = new Set(['libs/drivers/src/docker/docker-connection.ts']);
    const readers = [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]
      .filter((file) => /process\.env(\.|\[)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file))
      .filter((file) => !allowed.has(file));
    expect(readers).toEqual([]);
  });

  it('declares every BERTH_ variable the code names', () => {
    const named = new Set<string>();
    for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(BERTH_[A-Z0-9_]+)'/g)) {
        named.add(match[1]);
      }
    }
    // Names that are not settings: the marker docker-exec writes into an exec's output.
    const notVariables = new Set(['BERTH_EXEC']);
    const undeclared = [...named].filter(
      (name) => !(name in BERTH_VARIABLES) && !notVariables.has(name),
    );
    expect(undeclared).toEqual([]);
    expect(Object.keys(BERTH_VARIABLES).length).toBeGreaterThan(60);
    const some: BerthVariable = 'BERTH_COMPUTE_CONCURRENCY';
    expect(named.has(some)).toBe(true);
  });
});
