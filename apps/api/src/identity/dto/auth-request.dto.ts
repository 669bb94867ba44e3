import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Present } from './present';

/*
 * POST /identity/v3/auth/tokens, the subset keystoneauth sends: password (by user name + domain
 * or user id) and token (re-scope) methods, scoped to a project by id or by name + domain. Shaped
 * as Keystone's auth schema: an optional member may be left out, but when sent it has its type
 * (`"domain": null` is a 400, as in Keystone, not an absent domain). Strings are bounded as
 * Keystone bounds them: ids 64, names 255, a password its `max_password_length` (4096).
 */

const ID = 64;
const NAME = 255;
const PASSWORD = 4096;
/** Berth's tokens are well under 1 KiB; anything much longer is not one. */
const TOKEN = 8192;

export class DomainRefDto {
  @Present() @IsString() @MaxLength(ID) id?: string;
  @Present() @IsString() @MaxLength(NAME) name?: string;
}

export class PasswordUserDto {
  @Present() @IsString() @MaxLength(ID) id?: string;
  @Present() @IsString() @MaxLength(NAME) name?: string;
  @Present() @IsObject() @ValidateNested() @Type(() => DomainRefDto) domain?: DomainRefDto;
  @IsString() @MaxLength(PASSWORD) password!: string;
}

export class PasswordMethodDto {
  @IsObject() @ValidateNested() @Type(() => PasswordUserDto) user!: PasswordUserDto;
}

export class TokenMethodDto {
  @IsString() @MaxLength(TOKEN) id!: string;
}

export class IdentityDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(2)
  @IsIn(['password', 'token'], { each: true })
  methods!: string[];

  @Present()
  @IsObject()
  @ValidateNested()
  @Type(() => PasswordMethodDto)
  password?: PasswordMethodDto;
  @Present() @IsObject() @ValidateNested() @Type(() => TokenMethodDto) token?: TokenMethodDto;
}

export class ProjectScopeDto {
  @Present() @IsString() @MaxLength(ID) id?: string;
  @Present() @IsString() @MaxLength(NAME) name?: string;
  @Present() @IsObject() @ValidateNested() @Type(() => DomainRefDto) domain?: DomainRefDto;
}

export class ScopeDto {
  @Present() @IsObject() @ValidateNested() @Type(() => ProjectScopeDto) project?: ProjectScopeDto;
  /** Domain and system scopes are Keystone's; Berth refuses them (401), never ignores them. */
  @Present() @IsObject() domain?: object;
  @Present() @IsObject() system?: object;
}

export class AuthDto {
  @IsObject() @ValidateNested() @Type(() => IdentityDto) identity!: IdentityDto;
  @Present() @IsObject() @ValidateNested() @Type(() => ScopeDto) scope?: ScopeDto;
}

export class AuthRequestDto {
  @IsObject() @ValidateNested() @Type(() => AuthDto) auth!: AuthDto;
}
