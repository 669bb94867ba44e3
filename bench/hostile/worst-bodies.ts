import { CreateContainerDto } from '../../apps/api/src/containers/dto/create-container.dto';
import { DEFAULT_INTAKE } from '../../apps/api/src/config/api-config';
import { createValidationPipe } from '../../apps/api/src/errors/validation';
import { parseJsonText } from '../../apps/api/src/intake/json-body';
import { MAX_BODY_KEYS, MAX_JSON_DEPTH } from '../../apps/api/src/intake/json-scan';
import { percentile } from '../support/stats';

/** A body as the intake would get it, and how long parsing and validating it takes. */
export interface WorstBody {
  name: string;
  bytes: number;
  outcome: string;
  minMs: number;
  p50Ms: number;
}

const pipe = createValidationPipe();

async function take(text: string): Promise<string> {
  try {
    await pipe.transform(parseJsonText(text), { type: 'body', metatype: CreateContainerDto });
    return 'valid';
  } catch (error) {
    return `400 (${error instanceof Error ? error.message.slice(0, 60) : String(error)})`;
  }
}

/** The costliest bodies the intake takes, or refuses only after scanning, within the limit. */
export async function measureWorstBodies(runs = 20): Promise<WorstBody[]> {
  const limit = DEFAULT_INTAKE.maxBodyBytes;
  const keys = (n: number): string =>
    Array.from({ length: n }, (_, i) => `"${i.toString(36)}":""`).join(',');
  const deepest = `{"image":"busybox","labels":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
  const oneKeyObjects = (n: number): string =>
    `{"image":"busybox","nets":[${Array.from({ length: n }, (_, i) => `{"${i.toString(36)}":1}`).join(',')}]}`;
  const half = MAX_BODY_KEYS / 2 - 2; // with image, environment and labels: 1,999 keys
  const bodies: Array<[string, string]> = [
    [
      `environment and labels, ${MAX_BODY_KEYS - 1} keys in all`,
      `{"image":"busybox","environment":{${keys(half)}},"labels":{${keys(half)}}}`,
    ],
    [`${MAX_BODY_KEYS - 2} one-key objects in nets`, oneKeyObjects(MAX_BODY_KEYS - 2)],
    [
      'one map of 12,800 keys (refused by the scan)',
      `{"image":"busybox","environment":{${keys(12_800)}}}`,
    ],
    ['9,000 one-key objects (refused by the scan)', oneKeyObjects(9_000)],
    [`nested ${MAX_JSON_DEPTH} levels`, deepest],
    ['100,000 levels (refused by the scan)', '['.repeat(100_000)],
    ['a 114 KB string', `{"image":"busybox","workdir":"${'a'.repeat(limit - 40)}"}`],
    ['38,000 empty objects', `{"image":"busybox","nets":[${Array(38_000).fill('{}').join(',')}]}`],
  ];
  const results: WorstBody[] = [];
  for (const [name, text] of bodies) {
    const outcome = await take(text); // warm-up, and what the API answers
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await take(text);
      times.push(performance.now() - started);
    }
    results.push({
      name,
      bytes: Buffer.byteLength(text),
      outcome,
      minMs: Math.min(...times),
      p50Ms: percentile(times, 50),
    });
  }
  return results;
}
