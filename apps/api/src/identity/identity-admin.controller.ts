import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConfig } from '../config/api-config';
import { BadRequest, ResourceNotFound } from '../errors/api-errors';
import { Policy } from '../policy';
import type { RoleName } from '../request-context/request-context';
import { CreateProjectDto, CreateUserDto, UpdateUserDto } from './dto/admin.dto';
import {
  AssignRoleCommand,
  CreateProjectCommand,
  CreateUserCommand,
  DeleteProjectCommand,
  DeleteUserCommand,
  SetPasswordCommand,
  SetUserEnabledCommand,
  UnassignRoleCommand,
} from './commands/identity.commands';
import { IdentityRepository } from './identity.repository';
import { isRoleName, type ProjectRow, type UserRow } from './identity.types';
import { projectView, userView } from './identity-views';
import { hashPassword } from './password-hasher';
import { roleNameFromRef } from './token-body';

/**
 * The minimum of Keystone's admin API Berth needs to make tenants: create a project, create a
 * user, grant a role. Admin only. Path parameters accept an id or a name, for convenience.
 */
@Controller('identity/v3')
export class IdentityAdminController {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly config: ApiConfig,
    private readonly commands: CommandBus,
  ) {}

  @Post('projects')
  @Policy('identity:create_project')
  @HttpCode(201)
  async createProject(@Body() body: CreateProjectDto): Promise<object> {
    const p = await this.commands.execute<CreateProjectCommand, ProjectRow>(
      new CreateProjectCommand(body.project.name, body.project.description ?? ''),
    );
    return { project: projectView(p, this.config.identityUrl) };
  }

  @Post('users')
  @Policy('identity:create_user')
  @HttpCode(201)
  async createUser(@Body() body: CreateUserDto): Promise<object> {
    const { name, password, default_project_id } = body.user;
    const project =
      default_project_id === undefined ? null : await this.project(default_project_id);
    const user = await this.commands.execute<CreateUserCommand, UserRow>(
      new CreateUserCommand(name, await hashPassword(password), project?.id ?? null),
    );
    return { user: userView(user, this.config.identityUrl) };
  }

  @Put('projects/:project/users/:user/roles/:role')
  @Policy('identity:create_grant')
  @HttpCode(204)
  async grantRole(
    @Param('project') projectRef: string,
    @Param('user') userRef: string,
    @Param('role') roleRef: string,
  ): Promise<void> {
    const role = this.role(roleRef);
    const project = await this.project(projectRef);
    const user = await this.user(userRef);
    await this.commands.execute(new AssignRoleCommand(user.id, project.id, role));
  }

  /** The user's tokens on that project stop working at once (see IdentityChanges). */
  @Delete('projects/:project/users/:user/roles/:role')
  @Policy('identity:revoke_grant')
  @HttpCode(204)
  async revokeRole(
    @Param('project') projectRef: string,
    @Param('user') userRef: string,
    @Param('role') roleRef: string,
  ): Promise<void> {
    const role = this.role(roleRef);
    const project = await this.project(projectRef);
    const user = await this.user(userRef);
    await this.commands.execute(new UnassignRoleCommand(user.id, project.id, role));
  }

  /** `openstack user set --disable/--enable/--password`: disabling or a new password revokes. */
  @Patch('users/:user')
  @Policy('identity:update_user')
  async updateUser(@Param('user') userRef: string, @Body() body: UpdateUserDto): Promise<object> {
    const user = await this.user(userRef);
    const { enabled, password } = body.user;
    if (password !== undefined) {
      await this.commands.execute(new SetPasswordCommand(user.id, await hashPassword(password)));
    }
    if (enabled !== undefined && enabled !== user.enabled) {
      await this.commands.execute(new SetUserEnabledCommand(user.id, enabled));
    }
    return {
      user: userView({ ...user, enabled: enabled ?? user.enabled }, this.config.identityUrl),
    };
  }

  @Delete('users/:user')
  @Policy('identity:delete_user')
  @HttpCode(204)
  async deleteUser(@Param('user') userRef: string): Promise<void> {
    await this.commands.execute(new DeleteUserCommand((await this.user(userRef)).id));
  }

  /** Every token scoped to the project stops working at once; its containers are not touched. */
  @Delete('projects/:project')
  @Policy('identity:delete_project')
  @HttpCode(204)
  async deleteProject(@Param('project') projectRef: string): Promise<void> {
    await this.commands.execute(new DeleteProjectCommand((await this.project(projectRef)).id));
  }

  private role(ref: string): RoleName {
    const role = roleNameFromRef(ref);
    if (!isRoleName(role)) throw new BadRequest(`Role ${ref} is not one of admin, member, reader.`);
    return role;
  }

  private async user(ref: string): Promise<UserRow> {
    const user =
      (await this.repo.findUser({ id: ref })) ?? (await this.repo.findUser({ name: ref }));
    if (user === null) throw new ResourceNotFound(`Could not find user: ${ref}.`);
    return user;
  }

  private async project(ref: string): Promise<ProjectRow> {
    const p =
      (await this.repo.findProject({ id: ref })) ?? (await this.repo.findProject({ name: ref }));
    if (p === null) throw new ResourceNotFound(`Could not find project: ${ref}.`);
    return p;
  }
}
