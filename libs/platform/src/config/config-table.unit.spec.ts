import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable } from './config-table';
import { BERTH_VARIABLES } from './variables';

const FILE = join(__dirname, '../../../../docs/configuration.md');

describe('docs/configuration.md', () => {
  // `npm run docs:generate` rewrites it; everywhere else a stale table fails here.
  if (process.env.BERTH_UPDATE_DOCS === '1') writeFileSync(FILE, renderConfigTable());

  it('is the table generated from the declared variables', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(renderConfigTable());
  });

  it('has one row per variable', () => {
    const rows = renderConfigTable()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `([A-Z_0-9]+)`/.exec(row)?.[1])).toEqual(
      Object.keys(BERTH_VARIABLES),
    );
  });
});
