import type { ProjectQuotaEvent } from './quota.events';
import { adjustResources, claimResources, releaseResources } from './quota.decide';
import { QuotaExceeded } from './quota.errors';
import {
  evolveProjectQuota,
  initialProjectQuota,
  usageOf,
  type ProjectQuotaState,
} from './quota.state';
import { ZUN_DEFAULT_QUOTAS, type QuotaLimits, type ResourceUsage } from './quota.types';

const AT = '2026-01-01T00:00:00.000Z';
const small: QuotaLimits = { containers: 2, cpu: 2, memory: 512, disk: 10 };
const one = (cpu = 1, memory = 256): ResourceUsage => ({ containers: 1, cpu, memory, disk: 0 });

const fold = (events: ProjectQuotaEvent[]): ProjectQuotaState =>
  events.reduce(evolveProjectQuota, initialProjectQuota());

describe('project quota', () => {
  it('claims resources while they fit', () => {
    const events = claimResources(initialProjectQuota(), small, 'c1', one(), AT);
    expect(events).toEqual([
      {
        type: 'ResourcesClaimed',
        version: 1,
        data: { container_uuid: 'c1', usage: one(), at: AT },
      },
    ]);
  });

  it('refuses a claim past a limit and says which resource and by how much', () => {
    const state = fold(claimResources(initialProjectQuota(), small, 'c1', one(1, 400), AT));
    expect(() => claimResources(state, small, 'c2', one(1, 200), AT)).toThrow(QuotaExceeded);
    try {
      claimResources(state, small, 'c2', one(1, 200), AT);
    } catch (error) {
      expect((error as QuotaExceeded).message).toBe(
        "Quota exceeded for resources: ['memory']. memory: requested 200, 400 of 512 in use, 88 over.",
      );
      expect((error as QuotaExceeded).status).toBe(403);
    }
  });

  it('counts containers too', () => {
    let state = initialProjectQuota();
    for (const uuid of ['c1', 'c2'])
      state = fold([...eventsOf(state), ...claimResources(state, small, uuid, one(0.5, 10), AT)]);
    expect(() => claimResources(state, small, 'c3', one(0.5, 10), AT)).toThrow(/'containers'/);
  });

  it('frees the resources of a released container', () => {
    const claimed = fold(claimResources(initialProjectQuota(), small, 'c1', one(2, 512), AT));
    const released = evolveProjectQuota(claimed, releaseResources(claimed, 'c1', AT)[0]);
    expect(usageOf(released)).toEqual({ containers: 0, cpu: 0, memory: 0, disk: 0 });
    expect(claimResources(released, small, 'c2', one(2, 512), AT)).toHaveLength(1);
  });

  it('records nothing when releasing a container that holds nothing', () => {
    expect(releaseResources(initialProjectQuota(), 'ghost', AT)).toEqual([]);
  });

  it('checks only the growth of a resize', () => {
    const state = fold(claimResources(initialProjectQuota(), small, 'c1', one(1, 400), AT));
    expect(adjustResources(state, small, 'c1', one(1, 500), AT)).toHaveLength(1);
    expect(() => adjustResources(state, small, 'c1', one(1, 600), AT)).toThrow(/'memory'/);
  });

  it('lets a project override its class limits and fall back on reset', () => {
    const state = fold([
      { type: 'QuotaLimitsSet', version: 1, data: { limits: { containers: 1 }, at: AT } },
    ]);
    const claimed = evolveProjectQuota(
      state,
      claimResources(state, ZUN_DEFAULT_QUOTAS, 'c1', one(), AT)[0],
    );
    expect(() => claimResources(claimed, ZUN_DEFAULT_QUOTAS, 'c2', one(), AT)).toThrow(
      /'containers'/,
    );
    const reset = evolveProjectQuota(claimed, {
      type: 'QuotaLimitsReset',
      version: 1,
      data: { at: AT },
    });
    expect(claimResources(reset, ZUN_DEFAULT_QUOTAS, 'c2', one(), AT)).toHaveLength(1);
  });

  it('keeps usage equal to the sum of live claims through claims, resizes and releases', () => {
    const events: ProjectQuotaEvent[] = [];
    for (let i = 0; i < 1000; i++) {
      const usage = { containers: 1, cpu: 0.1, memory: 7, disk: 1 };
      events.push({
        type: 'ResourcesClaimed',
        version: 1,
        data: { container_uuid: `c${i}`, usage, at: AT },
      });
    }
    for (let i = 0; i < 1000; i += 2) {
      events.push({
        type: 'ResourcesReleased',
        version: 1,
        data: { container_uuid: `c${i}`, at: AT },
      });
    }
    const resized = { containers: 1, cpu: 0.3, memory: 9, disk: 2 };
    events.push({
      type: 'ResourcesAdjusted',
      version: 1,
      data: { container_uuid: 'c1', usage: resized, at: AT },
    });
    // A release of what holds nothing, and a second release, change nothing.
    events.push({ type: 'ResourcesReleased', version: 1, data: { container_uuid: 'c0', at: AT } });
    events.push({
      type: 'ResourcesReleased',
      version: 1,
      data: { container_uuid: 'ghost', at: AT },
    });
    const state = fold(events);
    expect(state.claims.size).toBe(500);
    expect(usageOf(state)).toEqual({ containers: 500, cpu: 50.2, memory: 3502, disk: 501 });
  });

  it('judges a claim against the others only, whatever the container held before', () => {
    const state = fold(claimResources(initialProjectQuota(), small, 'c1', one(1.5, 100), AT));
    expect(adjustResources(state, small, 'c1', one(2, 512), AT)).toHaveLength(1);
    expect(() => claimResources(state, small, 'c2', one(0.6, 100), AT)).toThrow(
      "Quota exceeded for resources: ['cpu']. cpu: requested 0.6, 1.5 of 2 in use, 0.1 over.",
    );
  });

  it('treats -1 as unlimited', () => {
    const unlimited: QuotaLimits = { containers: -1, cpu: -1, memory: -1, disk: -1 };
    expect(
      claimResources(initialProjectQuota(), unlimited, 'c1', one(512, 10 ** 7), AT),
    ).toHaveLength(1);
  });
});

/** Rebuilds the events of a state made by claims only (test helper). */
function eventsOf(state: ProjectQuotaState): ProjectQuotaEvent[] {
  return [...state.claims.entries()].map(([container_uuid, usage]) => ({
    type: 'ResourcesClaimed',
    version: 1,
    data: { container_uuid, usage, at: AT },
  }));
}
