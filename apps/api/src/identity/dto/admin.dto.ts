import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Present } from './present';

// Names end up in URLs, logs and openrc files: keep them printable and bounded.
const NAME = /^[A-Za-z0-9_.@-]+$/;

export class ProjectFieldsDto {
  @IsString() @Length(1, 64) @Matches(NAME) name!: string;
  @Present() @IsString() @Length(0, 255) description?: string;
}

/** POST /identity/v3/projects `{"project": {"name": ..}}` */
export class CreateProjectDto {
  @IsObject() @ValidateNested() @Type(() => ProjectFieldsDto) project!: ProjectFieldsDto;
}

export class UserFieldsDto {
  @IsString() @Length(1, 64) @Matches(NAME) name!: string;
  @IsString() @Length(1, 1024) password!: string;
  @Present() @IsString() @MaxLength(255) default_project_id?: string;
}

/** POST /identity/v3/users `{"user": {"name", "password", "default_project_id"}}` */
export class CreateUserDto {
  @IsObject() @ValidateNested() @Type(() => UserFieldsDto) user!: UserFieldsDto;
}

export class UserUpdateFieldsDto {
  @Present() @IsBoolean() enabled?: boolean;
  @Present() @IsString() @Length(1, 1024) password?: string;
}

/** PATCH /identity/v3/users/{id} `{"user": {"enabled": false}}` or `{"user": {"password": ..}}` */
export class UpdateUserDto {
  @IsObject() @ValidateNested() @Type(() => UserUpdateFieldsDto) user!: UserUpdateFieldsDto;
}

/** `?name=` on GET /projects, /users and /roles: the CLI resolves a name it was given this way. */
export class NameFilterQuery {
  @Present() @IsString() @MaxLength(255) name?: string;
}

/** GET /role_assignments filters, as `openstack role assignment list` sends them. */
export class AssignmentFilterQuery {
  @Present() @IsString() @MaxLength(255) 'user.id'?: string;
  @Present() @IsString() @MaxLength(255) 'scope.project.id'?: string;
  @Present() @IsString() @MaxLength(255) 'role.id'?: string;
  @Present() @IsString() @MaxLength(16) include_names?: string;
  @Present() @IsString() @MaxLength(16) effective?: string;
}
