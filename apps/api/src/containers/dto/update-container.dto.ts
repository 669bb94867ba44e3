import type { ContainerPatch } from '@berth/domain';
import { BadRequest } from '../../errors/api-errors';
import { ClosedSchema } from '../../errors/closed-schema';
import { ParsedBy } from '../../input';
import { decimalOf, text, wholeNumberOf, zunBooleanOf } from '../../input/json-values';
import type { ContainerBounds } from './container-units';
import { cpuWithin, memoryWithin } from './container-units';
import { NAME_PATTERN, NAME_TEXT } from './container-fields';

/** PATCH /v1/containers/X: Zun's container_update (cpu, memory, name, auto_heal), closed. */
@ClosedSchema()
export class UpdateContainerDto {
  @ParsedBy(decimalOf) cpu?: number;
  @ParsedBy(wholeNumberOf) memory?: number;
  @ParsedBy(
    text({
      minLength: 2,
      maxLength: 255,
      pattern: NAME_PATTERN,
      patternText: NAME_TEXT,
      nullable: true,
    }),
  )
  name?: string;
  @ParsedBy(zunBooleanOf) auto_heal?: boolean;
}

export function toPatch(dto: UpdateContainerDto, bounds: ContainerBounds): ContainerPatch {
  const patch: ContainerPatch = {};
  if (dto.cpu !== undefined) patch.cpu = cpuWithin(dto.cpu, bounds);
  if (dto.memory !== undefined) patch.memory = memoryWithin(dto.memory, bounds);
  if (dto.name !== undefined) patch.name = dto.name;
  if (dto.auto_heal !== undefined) patch.auto_heal = dto.auto_heal;
  if (Object.keys(patch).length === 0) {
    throw new BadRequest(
      'Please specify at least one of cpu, memory, name or auto_heal to update.',
    );
  }
  return patch;
}
