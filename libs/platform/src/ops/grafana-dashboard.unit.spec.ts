import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectProcessMetrics, metricsRegistry } from './metrics';

describe('the Grafana dashboard in docker/', () => {
  it('queries only metrics Berth declares', async () => {
    collectProcessMetrics();
    const declared = new Set((await metricsRegistry.getMetricsAsJSON()).map((m) => m.name));
    const text = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'docker', 'grafana-dashboard.json'),
      'utf8',
    );
    const queried = new Set(
      [...text.matchAll(/\b(berth_[a-z0-9_]+)/g)].map((m) =>
        m[1].replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    expect(queried.size).toBeGreaterThan(8);
    for (const name of queried) expect(declared).toContain(name);
  });
});
