import { DomainError } from '../shared';
import type { QuotaResource } from './quota.types';

export interface Overage {
  resource: QuotaResource;
  requested: number;
  in_use: number;
  limit: number;
}

/** Zun's OverQuota (403): which resources, and by how much. */
export class QuotaExceeded extends DomainError {
  readonly code = 'over-quota';
  readonly status = 403;

  constructor(readonly overs: readonly Overage[]) {
    super(
      `Quota exceeded for resources: [${overs.map((o) => `'${o.resource}'`).join(', ')}]. ` +
        overs
          .map(
            (o) =>
              `${o.resource}: requested ${o.requested}, ${o.in_use} of ${o.limit} in use, ` +
              `${round(o.in_use + o.requested - o.limit)} over.`,
          )
          .join(' '),
    );
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;
