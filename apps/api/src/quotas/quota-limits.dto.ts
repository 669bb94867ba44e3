import { Transform, type TransformFnParams } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { QuotaLimits } from '@berth/domain';
import { BadRequest, ClosedSchema } from '../errors';

/** Zun's quota schema takes an integer or a string of one (`"-1"`, `"20"`). */
const integerOrItsString = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;

/**
 * PUT body of quota-update and quota-class-update: any of the four, each a whole number, -1
 * (unlimited) or more.
 */
@ClosedSchema()
export class QuotaLimitsDto {
  @IsOptional() @Transform(integerOrItsString) @IsInt() @Min(-1) containers?: number;
  @IsOptional() @Transform(integerOrItsString) @IsInt() @Min(-1) cpu?: number;
  @IsOptional() @Transform(integerOrItsString) @IsInt() @Min(-1) memory?: number;
  @IsOptional() @Transform(integerOrItsString) @IsInt() @Min(-1) disk?: number;
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
