import 'reflect-metadata';

const CLOSED = Symbol('berth:closed-schema');

/**
 * Marks a body DTO whose Zun schema says `additionalProperties: False`: a key it does not declare
 * is refused with 400, not dropped. A misspelt `memroy` must not create a container without a
 * memory limit. Nested DTOs validated under it are held to the same rule.
 */
export function ClosedSchema(): ClassDecorator {
  return (target) => Reflect.defineMetadata(CLOSED, true, target);
}

export function isClosedSchema(type: unknown): boolean {
  return typeof type === 'function' && Reflect.getMetadata(CLOSED, type) === true;
}
