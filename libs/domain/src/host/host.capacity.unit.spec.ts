import {
  CapacityExceeded,
  claimCapacity,
  freeCapacity,
  releaseCapacity,
  resizeClaim,
} from './host.capacity';
import { evolveHost, initialHostState, type HostState } from './host.decide';
import type { HostEvent, HostInfo } from './host.events';
import { capacityEffectsOf } from './host.effects';
import type { PresentContainer } from '../container';
import { aHostInfo, HOST_TEST_AT } from '../testing/a-host';

const AT = HOST_TEST_AT;
const info: HostInfo = aHostInfo();

const fold = (events: HostEvent[]): HostState => events.reduce(evolveHost, initialHostState);
const registered = fold([{ type: 'HostRegistered', version: 1, data: { ...info, at: AT } }]);
const claim = (state: HostState, uuid: string, memory: number, cpu = 0, disk = 0) =>
  evolveHost(state, claimCapacity(state, uuid, { cpu, memory, disk }, AT)[0]);

describe('host capacity claims', () => {
  it('claims what fits and counts it against the host', () => {
    const state = claim(registered, 'c1', 600, 1, 2);
    expect(state.claims).toEqual({ c1: { cpu: 1, memory: 600, disk: 2 } });
    expect(freeCapacity(state)).toEqual({ cpu: 31, memory: 400, disk: 8 });
  });

  it('never overcommits memory: the claim that does not fit is refused', () => {
    const state = claim(registered, 'c1', 600);
    expect(() => claimCapacity(state, 'c2', { cpu: 0, memory: 401, disk: 0 }, AT)).toThrow(
      CapacityExceeded,
    );
    expect(() => claimCapacity(state, 'c2', { cpu: 0, memory: 400, disk: 0 }, AT)).not.toThrow();
  });

  it('overcommits CPUs by the allocation ratio (16 by default, configurable)', () => {
    expect(() =>
      claimCapacity(registered, 'c1', { cpu: 32, memory: 0, disk: 0 }, AT),
    ).not.toThrow();
    expect(() => claimCapacity(registered, 'c1', { cpu: 32.5, memory: 0, disk: 0 }, AT)).toThrow(
      /cpu \(requested 32.5, free 32\)/,
    );
    const strict = { cpu: 1, memory: 1, disk: 1 };
    expect(() =>
      claimCapacity(registered, 'c1', { cpu: 3, memory: 0, disk: 0 }, AT, strict),
    ).toThrow(CapacityExceeded);
  });

  it('refuses disk beyond the host', () => {
    expect(() => claimCapacity(registered, 'c1', { cpu: 0, memory: 0, disk: 11 }, AT)).toThrow(
      /disk/,
    );
  });

  it('always fits a container that asks for nothing, even on a full host', () => {
    const full = claim(registered, 'c1', 1000);
    expect(claimCapacity(full, 'c2', { cpu: 0, memory: 0, disk: 0 }, AT)).toHaveLength(1);
  });

  it('refuses a host that never registered', () => {
    expect(() => claimCapacity(initialHostState, 'c1', { cpu: 0, memory: 1, disk: 0 }, AT)).toThrow(
      /not registered/,
    );
  });

  it('replaces a container’s own claim rather than adding to it', () => {
    const state = claim(registered, 'c1', 600);
    expect(() => claimCapacity(state, 'c1', { cpu: 0, memory: 900, disk: 0 }, AT)).not.toThrow();
  });

  it('releases once; a second release records nothing and folds to the same state', () => {
    const state = claim(registered, 'c1', 600);
    const [released] = releaseCapacity(state, 'c1', AT);
    const after = evolveHost(state, released);
    expect(after.claims).toEqual({});
    expect(releaseCapacity(after, 'c1', AT)).toEqual([]);
    expect(evolveHost(after, released)).toEqual(after);
  });

  it('keeps its claims when the host registers again', () => {
    const state = claim(registered, 'c1', 600);
    const again = evolveHost(state, {
      type: 'HostRegistered',
      version: 1,
      data: { ...info, mem_total: 2000, at: AT },
    });
    expect(again.claims).toEqual(state.claims);
    expect(freeCapacity(again).memory).toBe(1400);
  });
});

describe('resizeClaim', () => {
  const usage = (memory: number, cpu = 0) => ({ cpu, memory, disk: 0 });

  it('replaces the container’s claim when the growth fits', () => {
    const state = claim(claim(registered, 'c1', 300), 'c2', 300);
    const [claimed] = resizeClaim(state, 'c1', usage(700), AT);
    expect(evolveHost(state, claimed).claims.c1).toEqual(usage(700));
    expect(freeCapacity(evolveHost(state, claimed)).memory).toBe(0);
  });

  it('refuses growth past what the host has free, naming the resource', () => {
    const state = claim(claim(registered, 'c1', 300), 'c2', 300);
    expect(() => resizeClaim(state, 'c1', usage(701), AT)).toThrow(
      /memory \(requested 701, free 700\)/,
    );
  });

  it('lets a container shrink on a host that shrank under its claims', () => {
    const full = claim(claim(registered, 'c1', 600), 'c2', 400);
    const shrunk = evolveHost(full, {
      type: 'HostRegistered',
      version: 1,
      data: { ...info, mem_total: 800, at: AT },
    });
    expect(resizeClaim(shrunk, 'c1', usage(500, 1), AT)).toHaveLength(1);
    expect(() => resizeClaim(shrunk, 'c1', usage(700), AT)).toThrow(CapacityExceeded);
  });

  it('appends nothing when the claim already is the new size, or the host never registered', () => {
    const state = claim(registered, 'c1', 300);
    expect(resizeClaim(state, 'c1', usage(300), AT)).toEqual([]);
    expect(resizeClaim(initialHostState, 'c1', usage(300), AT)).toEqual([]);
  });
});

describe('capacityEffectsOf', () => {
  const container = { uuid: 'c1', host: 'h1' } as PresentContainer;
  const released = (stream: string) => ({
    stream,
    events: [{ type: 'CapacityReleased', version: 1, data: { container_uuid: 'c1', at: AT } }],
  });

  it('releases on delete and on a failed create, on the container’s host', () => {
    const deleted = {
      type: 'ContainerDeleted',
      version: 1,
      data: { request_id: 'r', at: AT },
    } as const;
    const failed = {
      type: 'ContainerCreateFailed',
      version: 1,
      data: { request_id: 'r', at: AT, reason: 'x', docker_id: null },
    } as const;
    expect(capacityEffectsOf(container, [deleted], AT)).toEqual([released('host-h1')]);
    expect(capacityEffectsOf(container, [failed], AT)).toEqual([released('host-h1')]);
  });

  it('releases a failed attempt on the host it names', () => {
    const attempt = {
      type: 'ContainerCreateAttemptFailed',
      version: 1,
      data: { request_id: 'r', at: AT, host: 'h2', reason: 'x', attempt: 1 },
    } as const;
    expect(capacityEffectsOf(container, [attempt], AT)).toEqual([released('host-h2')]);
  });

  it('claims back what the container still has when its resize failed', () => {
    const resized = {
      ...container,
      spec: { cpu: 0.5, memory: 256, disk: null },
    } as PresentContainer;
    const failed = {
      type: 'ContainerUpdateFailed',
      version: 1,
      data: { request_id: 'r', at: AT, reason: 'x' },
    } as const;
    expect(capacityEffectsOf(resized, [failed], AT)).toEqual([
      {
        stream: 'host-h1',
        events: [
          {
            type: 'CapacityClaimed',
            version: 1,
            data: { container_uuid: 'c1', cpu: 0.5, memory: 256, disk: 0, at: AT },
          },
        ],
      },
    ]);
  });

  it('releases nothing for a container that never had a host', () => {
    const deleted = {
      type: 'ContainerDeleted',
      version: 1,
      data: { request_id: 'r', at: AT },
    } as const;
    expect(capacityEffectsOf({ ...container, host: '' }, [deleted], AT)).toEqual([]);
  });
});
