import { ConfigError } from './config-error';
import { readSetting, readVariable, validateEnvironment } from './environment';
import { BERTH_VARIABLES } from './variables';

const db = { DATABASE_URL: 'postgres://berth@127.0.0.1/berth' };

describe('the declared environment', () => {
  it('stops a compute whose concurrency is not a number, naming the variable', () => {
    expect(() =>
      validateEnvironment(['compute'], { ...db, BERTH_COMPUTE_CONCURRENCY: 'abc' }),
    ).toThrow(
      new ConfigError(
        "invalid configuration: BERTH_COMPUTE_CONCURRENCY must be a whole number from 1 to 1024, got 'abc'",
      ),
    );
  });

  it('names every bad variable at once', () => {
    const check = () =>
      validateEnvironment(['api', 'compute'], {
        ...db,
        BERTH_PORT: '70000',
        BERTH_FIREWALL: 'maybe',
        BERTH_DB_STATEMENT_TIMEOUT_MS: '10s',
      });
    expect(check).toThrow(
      /BERTH_DB_STATEMENT_TIMEOUT_MS must be .*BERTH_PORT must be .*BERTH_FIREWALL must be/,
    );
  });

  it('checks only the variables of the processes it starts', () => {
    expect(() => validateEnvironment(['projector'], { ...db, BERTH_PORT: 'http' })).not.toThrow();
    expect(() => validateEnvironment(['api'], { ...db, BERTH_PORT: 'http' })).toThrow('BERTH_PORT');
  });

  it('requires DATABASE_URL in every process', () => {
    for (const process of ['api', 'compute', 'projector'] as const) {
      expect(() => validateEnvironment([process], {})).toThrow('DATABASE_URL is required');
    }
    expect(() => validateEnvironment(['projector'], { DATABASE_URL: 'mysql://x' })).toThrow(
      "DATABASE_URL must be a postgres:// URL, got 'mysql://x'",
    );
  });

  it('takes the declared default when a variable is unset or blank', () => {
    expect(readSetting('BERTH_COMPUTE_CONCURRENCY', {})).toBe(8);
    expect(readSetting('BERTH_COMPUTE_CONCURRENCY', { BERTH_COMPUTE_CONCURRENCY: '  ' })).toBe(8);
    expect(readVariable('BERTH_PUBLIC_URL', {})).toBeUndefined();
  });

  it('trims a value and types it', () => {
    expect(readSetting('BERTH_COMPUTE_CONCURRENCY', { BERTH_COMPUTE_CONCURRENCY: ' 3 ' })).toBe(3);
    expect(readSetting('BERTH_CPU_ALLOCATION_RATIO', { BERTH_CPU_ALLOCATION_RATIO: '1.5' })).toBe(
      1.5,
    );
    expect(readSetting('BERTH_NETWORK_MODE', { BERTH_NETWORK_MODE: 'none' })).toBe('none');
  });

  it.each([
    ['BERTH_COMPUTE_CONCURRENCY', '0'],
    ['BERTH_COMPUTE_CONCURRENCY', '1.5'],
    ['BERTH_COMPUTE_CONCURRENCY', '1e3'],
    ['BERTH_COMPUTE_SYNC_SECONDS', '-1'],
    ['BERTH_CPU_ALLOCATION_RATIO', '0'],
    ['BERTH_CPU_ALLOCATION_RATIO', 'NaN'],
    ['BERTH_QUOTA_CPU', '-2'],
    ['BERTH_QUOTA_CPU', 'Infinity'],
    ['BERTH_READ_SCHEMA', 'berth; drop table x'],
    ['BERTH_TRUST_PROXY', 'everyone; rm -rf'],
    ['BERTH_PUBLIC_URL', 'ftp://example.org'],
    ['BERTH_PRIVILEGED_CONTAINERS', 'everyone'],
  ] as const)('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => readVariable(name, { [name]: value })).toThrow(ConfigError);
    expect(() => readVariable(name, { [name]: value })).toThrow(new RegExp(`^${name}`));
  });

  it('explains a refused value rather than listing the accepted ones', () => {
    expect(() => readVariable('BERTH_NETWORK_MODE', { BERTH_NETWORK_MODE: 'bridge' })).toThrow(
      /BERTH_NETWORK_MODE=bridge is refused: Docker's bridge is shared by every project/,
    );
  });

  it('documents every variable, and declares a default or says why there is none', () => {
    for (const [name, spec] of Object.entries(BERTH_VARIABLES)) {
      expect([name, spec.description.length > 10]).toEqual([name, true]);
      const hasDefault = spec.default !== undefined || 'defaultText' in spec || 'required' in spec;
      expect([name, hasDefault]).toEqual([name, true]);
    }
  });
});
