import fc from 'fast-check';
import type { CaseGenerator } from './case';

/** The corpus' default seed; BERTH_CORPUS_SEED replays another. */
export const DEFAULT_SEED = 20_251_212;

export function corpusSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BERTH_CORPUS_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (!/^-?\d+$/.test(raw)) throw new Error(`BERTH_CORPUS_SEED must be an integer, not '${raw}'`);
  return Number(raw) | 0;
}

/**
 * Seeded sampling. Each label gets its own seed (the corpus seed mixed with the label's hash),
 * so adding a case or a family never changes what another label draws.
 */
export function caseGenerator(seed: number): CaseGenerator {
  return {
    seed,
    sample<T>(label: string, arbitrary: fc.Arbitrary<T>, count: number): T[] {
      return fc.sample(arbitrary, { seed: (seed ^ fnv1a(label)) | 0, numRuns: count });
    },
  };
}

/** 32-bit FNV-1a of a label. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
