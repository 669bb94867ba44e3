import type { HostEvent, HostInfo, HostRegistered, HostUsage } from './host.events';

/** A host's stream folded: what it reported last, and what each container placed there holds. */
export interface HostState {
  info: HostInfo | null;
  claims: Record<string, HostUsage>;
}

export const initialHostState: HostState = { info: null, claims: {} };

export function evolveHost(state: HostState, event: HostEvent): HostState {
  switch (event.type) {
    case 'HostRegistered': {
      const { at: _at, ...info } = event.data;
      return { ...state, info };
    }
    case 'CapacityClaimed': {
      const { container_uuid, cpu, memory, disk } = event.data;
      return { ...state, claims: { ...state.claims, [container_uuid]: { cpu, memory, disk } } };
    }
    case 'CapacityReleased': {
      const { [event.data.container_uuid]: _released, ...claims } = state.claims;
      return { ...state, claims };
    }
  }
  // An event of a newer kind this code does not know: the log is the truth, replay never throws.
  return state;
}

/** A compute registers on every start; only a change of what it reports becomes an event. */
export function registerHost(state: HostState, info: HostInfo, at: string): HostRegistered[] {
  if (state.info && sameInfo(state.info, info)) return [];
  return [{ type: 'HostRegistered', version: 1, data: { ...info, at } }];
}

function sameInfo(a: HostInfo, b: HostInfo): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(info: HostInfo): HostInfo {
  return {
    ...info,
    runtimes: [...info.runtimes].sort(),
    labels: Object.fromEntries(Object.entries(info.labels).sort(([a], [b]) => a.localeCompare(b))),
  };
}
