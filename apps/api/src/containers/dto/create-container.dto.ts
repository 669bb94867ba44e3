import type { Healthcheck, RestartPolicy } from '@berth/domain';
import { ClosedSchema } from '../../errors/closed-schema';
import { ParsedBy } from '../../input';
import {
  decimalOf,
  hostnameOf,
  jsonBooleanOf,
  text,
  wholeNumberOf,
  zunBooleanOf,
} from '../../input/json-values';
import {
  NAME_PATTERN,
  NAME_TEXT,
  bodyImageDriverOf,
  commandOf,
  cpuPolicyOf,
  entrypointOf,
  environmentOf,
  exposedPortsOf,
  healthcheckOf,
  hintsOf,
  labelsOf,
  listOfObjectsOf,
  pullPolicyOf,
  restartPolicyOf,
  securityGroupsOf,
  workdirOf,
  type PullPolicy,
} from './container-fields';
import { imageReferenceOf } from './image-field';

export { NAME_PATTERN } from './container-fields';

/**
 * POST /v1/containers: Zun's container_create schema (legacy_container_create before 1.20,
 * container_create_v139 and _v140 after), every field with its exact type. Unknown keys are
 * refused, not ignored; fields newer than the request's version, and the ranges that are
 * configured (cpu, memory, disk), are the mapper's (container-spec.mapper.ts).
 *
 * Each property holds the parsed value: cpu, memory and disk as numbers whether the CLI sent
 * "0.5" or 0.5, booleans whether sent true or "True".
 */
@ClosedSchema()
export class CreateContainerDto {
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

  @ParsedBy(imageReferenceOf, { required: true }) image!: string;

  @ParsedBy(commandOf) command?: string | string[];
  @ParsedBy(entrypointOf) entrypoint?: string[];
  @ParsedBy(decimalOf) cpu?: number;
  @ParsedBy(wholeNumberOf) memory?: number;
  @ParsedBy(wholeNumberOf) disk?: number;
  @ParsedBy(environmentOf) environment?: Record<string, string>;
  @ParsedBy(workdirOf) workdir?: string;
  @ParsedBy(labelsOf) labels?: Record<string, string>;

  /**
   * A container's own host name, as Docker's --hostname takes it: DNS labels joined by dots, at
   * most 63 characters (Linux's limit; runc fails on a longer one when the container starts).
   */
  @ParsedBy(
    text({
      minLength: 1,
      maxLength: 63,
      pattern:
        /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/,
      patternText: 'a host name: labels of letters, digits and - joined by dots',
      nullable: true,
    }),
  )
  hostname?: string;

  @ParsedBy(pullPolicyOf) image_pull_policy?: PullPolicy;
  @ParsedBy(bodyImageDriverOf) image_driver?: 'docker';
  @ParsedBy(restartPolicyOf) restart_policy?: RestartPolicy;
  @ParsedBy(zunBooleanOf) interactive?: boolean;
  @ParsedBy(zunBooleanOf) tty?: boolean;
  @ParsedBy(jsonBooleanOf) auto_remove?: boolean;
  @ParsedBy(zunBooleanOf) auto_heal?: boolean;
  @ParsedBy(zunBooleanOf) privileged?: boolean;

  /** An OCI runtime registered with Docker on the host (runc, …). */
  @ParsedBy(
    text({
      minLength: 1,
      maxLength: 255,
      pattern: /^[a-zA-Z0-9_.-]+$/,
      patternText: 'a runtime name: letters, digits, _, . and -',
      nullable: true,
    }),
  )
  runtime?: string;

  @ParsedBy(exposedPortsOf) exposed_ports?: Record<string, Record<string, never>>;
  @ParsedBy(healthcheckOf) healthcheck?: Healthcheck;
  @ParsedBy(securityGroupsOf) security_groups?: string[];
  @ParsedBy(hintsOf) hints?: Record<string, string>;
  @ParsedBy(listOfObjectsOf) nets?: Array<Record<string, unknown>>;
  @ParsedBy(listOfObjectsOf) mounts?: Array<Record<string, unknown>>;
  @ParsedBy(text({ minLength: 1, maxLength: 255, nullable: true })) availability_zone?: string;

  /** Zun's container_registry: a registry's name or uuid (not null). */
  @ParsedBy(
    text({
      minLength: 2,
      maxLength: 255,
      pattern: NAME_PATTERN,
      patternText: 'a registry name or uuid',
    }),
  )
  registry?: string;

  /** 1.39: the compute host to run on (admins); Zun's hostname type (not null). */
  @ParsedBy(hostnameOf) host?: string;

  @ParsedBy(cpuPolicyOf) cpu_policy?: 'shared' | 'dedicated';
}
