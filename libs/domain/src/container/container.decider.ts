import { ContainerCommand } from './container.commands';
import { decide } from './container.decide';
import { ContainerEvent } from './container.events';
import { evolve } from './container.evolve';
import { ContainerState, initialState } from './container.state';

/**
 * The aggregate as emmett's Decider: `{ decide, evolve, initialState }`. The barrel exports the
 * three functions under container-specific names too (and plain, as the brief named them), since
 * the root barrel re-exports every aggregate side by side and a second `decide` would clash.
 */
export interface ContainerDecider {
  decide: (state: ContainerState, command: ContainerCommand) => ContainerEvent[];
  evolve: (state: ContainerState, event: ContainerEvent) => ContainerState;
  initialState: () => ContainerState;
}

export const containerDecider: ContainerDecider = { decide, evolve, initialState };

export {
  decide as decideContainer,
  evolve as evolveContainer,
  initialState as initialContainerState,
};
