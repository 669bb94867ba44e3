/**
 * An intention, as a decider receives it: `decide(state, command) → events` or a DomainError.
 * Commands are never stored; only the events a decider returns are.
 */
export interface DomainCommand<TType extends string = string, TData extends object = object> {
  type: TType;
  data: TData;
}
