import { Transform, type TransformFnParams } from 'class-transformer';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { QuotaLimits } from '@berth/domain';
import { BadRequest, ClosedSchema } from '../errors';

/** Zun's quota schema takes an integer or a string of one (`"-1"`, `"20"`). */
const integerOrItsString = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;

/** A limit may be left out, but not sent as null: Zun's schema takes whole numbers only. */
const Given = (): PropertyDecorator =>
  ValidateIf((_dto: object, value: unknown) => value !== undefined);

/** What Zun's quota column (a 32-bit integer) can hold. */
const LARGEST = 2_147_483_647;

/**
 * PUT body of quota-update and quota-class-update: any of the four, each a whole number, -1
 * (unlimited) or more.
 */
@ClosedSchema()
export class QuotaLimitsDto {
  @Given() @Transform(integerOrItsString) @IsInt() @Min(-1) @Max(LARGEST) containers?: number;
  @Given() @Transform(integerOrItsString) @IsInt() @Min(-1) @Max(LARGEST) cpu?: number;
  @Given() @Transform(integerOrItsString) @IsInt() @Min(-1) @Max(LARGEST) memory?: number;
  @Given() @Transform(integerOrItsString) @IsInt() @Min(-1) @Max(LARGEST) disk?: number;
}

export function limitsOf(dto: QuotaLimitsDto): Partial<QuotaLimits> {
  const limits: Partial<QuotaLimits> = {};
  if (dto.containers !== undefined) limits.containers = dto.containers;
  if (dto.cpu !== undefined) limits.cpu = dto.cpu;
  if (dto.memory !== undefined) limits.memory = dto.memory;
  if (dto.disk !== undefined) limits.disk = dto.disk;
  if (Object.keys(limits).length === 0) {
    throw new BadRequest('Please specify at least one of containers, cpu, memory or disk.');
  }
  return limits;
}
