import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ClosedSchema } from '../../errors';

/**
 * Zun's name rule, for create, update and rename alike: starts with a letter or digit, then
 * letters, digits, `_`, `.` or `-`, 2 to 255 characters in all.
 */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/;

@ClosedSchema()
export class RestartPolicyDto {
  @IsIn(['no', 'always', 'on-failure', 'unless-stopped'])
  Name!: 'no' | 'always' | 'on-failure' | 'unless-stopped';

  @IsOptional()
  @Matches(/^\d+$/, { message: 'MaximumRetryCount must be a non-negative integer' })
  MaximumRetryCount?: string | number;
}

@ClosedSchema()
export class HealthcheckDto {
  @IsString() @MinLength(1) cmd!: string;
  @IsOptional() @IsInt() @Min(0) interval?: number;
  @IsOptional() @IsInt() @Min(0) retries?: number;
  @IsOptional() @IsInt() @Min(0) timeout?: number;
}

/**
 * POST /v1/containers, as python-zunclient sends it: cpu and memory arrive as strings, the
 * command as a list (a quoted string before 1.20). Unknown keys are rejected, not ignored.
 */
@ClosedSchema()
export class CreateContainerDto {
  @IsOptional()
  @IsString()
  @Matches(NAME_PATTERN, { message: 'Invalid name: ' + NAME_PATTERN.source })
  @MaxLength(255)
  name?: string;

  @IsString() @MinLength(1) @MaxLength(255) image!: string;

  @IsOptional() command?: string[] | string;
  @IsOptional() @IsArray() @IsString({ each: true }) entrypoint?: string[];
  @IsOptional() cpu?: string | number;
  @IsOptional() memory?: string | number;
  @IsOptional() disk?: string | number;
  @IsOptional() @IsObject() environment?: Record<string, string>;
  @IsOptional() @IsString() workdir?: string;
  @IsOptional() @IsObject() labels?: Record<string, string>;
  @IsOptional()
  @IsString()
  @Matches(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}[a-zA-Z0-9])?$/)
  hostname?: string;

  @IsOptional()
  @IsIn(['always', 'ifnotpresent', 'never'])
  image_pull_policy?: 'always' | 'ifnotpresent' | 'never';

  @IsOptional() @IsIn(['docker']) image_driver?: 'docker';

  @IsOptional() @ValidateNested() @Type(() => RestartPolicyDto) restart_policy?: RestartPolicyDto;

  @IsOptional() @IsBoolean() interactive?: boolean;
  @IsOptional() @IsBoolean() tty?: boolean;
  @IsOptional() @IsBoolean() auto_remove?: boolean;
  @IsOptional() @IsBoolean() auto_heal?: boolean;
  @IsOptional() @IsBoolean() privileged?: boolean;
  @IsOptional() @IsString() runtime?: string;
  @IsOptional() @IsObject() exposed_ports?: Record<string, Record<string, never>>;
  @IsOptional() @ValidateNested() @Type(() => HealthcheckDto) healthcheck?: HealthcheckDto;
  @IsOptional() @IsArray() @IsString({ each: true }) security_groups?: string[];
  @IsOptional() @IsObject() hints?: Record<string, string>;
  @IsOptional() @IsArray() nets?: object[];
  @IsOptional() @IsArray() mounts?: object[];
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) availability_zone?: string;
  @IsOptional() @IsString() registry?: string;
  @IsOptional() @IsString() host?: string;
  @IsOptional() @IsIn(['shared', 'dedicated']) cpu_policy?: 'shared' | 'dedicated';
}
