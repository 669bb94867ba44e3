export * from './container-status';
export * from './container.spec';
export * from './container.limits';
export * from './container.events.base';
export * from './container.events.lifecycle';
export * from './container.events.power';
export * from './container.events.change';
export * from './container.events.observed';
export * from './container.events.placement';
export * from './container.events.networks';
export * from './container.networks';
export * from './container.commands.networks';
export * from './container.errors.networks';
export { NETWORK_VALID_STATES, type NetworkAction } from './container.decide.networks';
export * from './container.events.volumes';
export * from './container.mounts';
export * from './container.volumes-log';
export * from './container.placement';
export * from './container.host-fields';
export * from './container.signals';
export * from './container.heal';
export * from './container.events';
export * from './container.events.groups';
export * from './container.actions';
export * from './container.action-phase';
export * from './container.commands';
export { initialState } from './container.state';
export type {
  ContainerState,
  AbsentContainer,
  PresentContainer,
  PendingAction,
} from './container.state';
export * from './container.errors';
export * from './valid-states';
export * from './container.decider';
export { decide } from './container.decide';
export { evolve } from './container.evolve';
export { patchNeedsCompute } from './container.decide.change';
export * from './container.compute';
