import { ValidateIf } from 'class-validator';

/**
 * An optional member of a Keystone body: it may be left out, but when sent (`null` included) it
 * is held to its rules. class-validator's `@IsOptional()` also waves `null` through, and the
 * identity code reads an absent member as `undefined` only.
 */
export const Present = (): PropertyDecorator =>
  ValidateIf((_dto: object, value: unknown) => value !== undefined);
