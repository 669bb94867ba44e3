import { IsInt, IsNumber, IsOptional, Min } from 'class-validator';
import type { QuotaLimits } from '@berth/domain';
import { BadRequest } from '../errors';

/** PUT body of quota-update and quota-class-update: any of the four, each -1 (unlimited) or more. */
export class QuotaLimitsDto {
  @IsOptional() @IsInt() @Min(-1) containers?: number;
  @IsOptional() @IsNumber() @Min(-1) cpu?: number;
  @IsOptional() @IsInt() @Min(-1) memory?: number;
  @IsOptional() @IsInt() @Min(-1) disk?: number;
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
