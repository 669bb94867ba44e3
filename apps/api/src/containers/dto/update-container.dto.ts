import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import type { ContainerPatch } from '@berth/domain';
import { BadRequest, ClosedSchema } from '../../errors';
import { parseCpu, parseMemoryMiB } from './container-units';
import { NAME_PATTERN } from './create-container.dto';

/** PATCH /v1/containers/X: cpu and memory as strings from the CLI, name, auto_heal. */
@ClosedSchema()
export class UpdateContainerDto {
  @IsOptional() cpu?: string | number;
  @IsOptional() memory?: string | number;
  @IsOptional() @IsString() @Matches(NAME_PATTERN) name?: string;
  @IsOptional() @IsBoolean() auto_heal?: boolean;
}

export function toPatch(dto: UpdateContainerDto): ContainerPatch {
  const patch: ContainerPatch = {};
  if (dto.cpu !== undefined) patch.cpu = parseCpu(dto.cpu);
  if (dto.memory !== undefined) patch.memory = parseMemoryMiB(dto.memory);
  if (dto.name !== undefined) patch.name = dto.name;
  if (dto.auto_heal !== undefined) patch.auto_heal = dto.auto_heal;
  if (Object.keys(patch).length === 0) {
    throw new BadRequest(
      'Please specify at least one of cpu, memory, name or auto_heal to update.',
    );
  }
  return patch;
}
