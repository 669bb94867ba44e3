import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';

/*
 * POST /identity/v3/auth/tokens, the subset keystoneauth sends: password (by user name + domain
 * or user id) and token (re-scope) methods, scoped to a project by id or by name + domain.
 */

export class DomainRefDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
}

export class PasswordUserDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @ValidateNested() @Type(() => DomainRefDto) domain?: DomainRefDto;
  @IsString() password!: string;
}

export class PasswordMethodDto {
  @IsObject() @ValidateNested() @Type(() => PasswordUserDto) user!: PasswordUserDto;
}

export class TokenMethodDto {
  @IsString() id!: string;
}

export class IdentityDto {
  @IsArray() @ArrayNotEmpty() @IsIn(['password', 'token'], { each: true }) methods!: string[];
  @IsOptional() @ValidateNested() @Type(() => PasswordMethodDto) password?: PasswordMethodDto;
  @IsOptional() @ValidateNested() @Type(() => TokenMethodDto) token?: TokenMethodDto;
}

export class ProjectScopeDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @ValidateNested() @Type(() => DomainRefDto) domain?: DomainRefDto;
}

export class ScopeDto {
  @IsOptional() @ValidateNested() @Type(() => ProjectScopeDto) project?: ProjectScopeDto;
}

export class AuthDto {
  @IsObject() @ValidateNested() @Type(() => IdentityDto) identity!: IdentityDto;
  @IsOptional() @ValidateNested() @Type(() => ScopeDto) scope?: ScopeDto;
}

export class AuthRequestDto {
  @IsObject() @ValidateNested() @Type(() => AuthDto) auth!: AuthDto;
}
