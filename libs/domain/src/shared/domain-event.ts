/** A fact, as the domain knows it: no position or stream yet. `version` is the schema version. */
export interface DomainEvent<TType extends string = string, TData extends object = object> {
  type: TType;
  version: number;
  data: TData;
}
