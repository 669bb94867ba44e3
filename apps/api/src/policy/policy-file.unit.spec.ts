import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadApiConfig } from '../config/api-config';
import { readPolicyFile } from './policy-file';
import { PolicyError } from './policy-table';

const env = { DATABASE_URL: 'postgres://x@127.0.0.1:5432/berth' };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-policy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('a policy file', () => {
  it("is read as Zun's policy.json: rule names to check strings", () => {
    const path = file('ok.json', '{"container:logs": "rule:admin_api", "mine": "role:member"}');
    expect(readPolicyFile(path)).toEqual({
      'container:logs': 'rule:admin_api',
      mine: 'role:member',
    });
  });

  it('may be named .yaml when its text is JSON, and may be empty', () => {
    expect(readPolicyFile(file('p.yaml', '{"container:top": "@"}'))).toEqual({
      'container:top': '@',
    });
    expect(readPolicyFile(file('empty.json', '  \n'))).toEqual({});
  });

  it.each([
    ['list.json', '["container:logs"]', '', 'must hold an object of rule names'],
    ['yaml.yaml', 'container:logs: rule:admin_api', '', 'is not JSON'],
    ['number.json', '{"container:logs": 1}', 'container:logs', 'must be a check string'],
    ['unknown.json', '{"container:log": "@"}', 'container:log', 'Berth has no rule'],
    ['broken.json', '{"container:logs": "role:reader and"}', 'container:logs', 'cannot read'],
  ])('%s is refused, naming the rule', (name, text, rule, message) => {
    const path = file(name, text);
    let thrown: unknown;
    try {
      readPolicyFile(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).rule).toBe(rule);
    expect((thrown as PolicyError).message).toContain(path);
    expect((thrown as PolicyError).message).toContain(message);
  });
});

describe('BERTH_POLICY_FILE', () => {
  it("gives the configuration the file's rules, relative to the working directory", () => {
    file('relative.json', '{"container:create": "rule:admin_api"}');
    const config = loadApiConfig({ ...env, BERTH_POLICY_FILE: 'relative.json' }, dir);
    expect(config.policyRules).toEqual({ 'container:create': 'rule:admin_api' });
  });

  it('stops the configuration, naming the variable and the rule, when the file is wrong', () => {
    const path = file('bad.json', '{"container:delete_force": "rule:nobody"}');
    const load = (): unknown => loadApiConfig({ ...env, BERTH_POLICY_FILE: path }, dir);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /^BERTH_POLICY_FILE: .*container:delete_force.*"rule:nobody" names no rule/,
    );
  });

  it('stops the configuration when the file is missing', () => {
    const load = (): unknown =>
      loadApiConfig({ ...env, BERTH_POLICY_FILE: join(dir, 'nowhere.json') }, dir);
    expect(load).toThrow(/BERTH_POLICY_FILE: policy file .*nowhere.json cannot be read/);
  });
});
