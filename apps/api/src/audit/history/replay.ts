import {
  evolve,
  initialState,
  isContainerEvent,
  type ContainerState,
  type PresentContainer,
} from '@berth/domain';
import { comparePositions, type RecordedEvent } from '@berth/drivers';
import type { StatePoint } from '../params/state.params';
import { eventTime } from './event.view';

export interface ReplayedState {
  state: PresentContainer;
  /** The last event folded in: the exact point the state is as of. */
  last: RecordedEvent;
}

/**
 * Folds the stream, in revision order, up to and including `point`. Only a prefix is folded
 * (replay stops at the first event past the point) so the result is always a state the container
 * really went through, even if writers' clocks disagree slightly about `at`.
 * Null when the container did not exist yet at that point.
 */
export function replayUntil(
  events: readonly RecordedEvent[],
  point: StatePoint,
): ReplayedState | null {
  let state: ContainerState = initialState();
  let last: RecordedEvent | null = null;
  for (const event of events) {
    if (isAfter(event, point)) break;
    if (isContainerEvent(event)) state = evolve(state, event);
    last = event;
  }
  if (!state.exists || last === null) return null;
  return { state, last };
}

function isAfter(event: RecordedEvent, point: StatePoint): boolean {
  if (point.kind === 'position') return comparePositions(event.position, point.position) > 0;
  return new Date(eventTime(event)).getTime() > point.time.getTime();
}
