import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { Policy } from '../policy';
import { ApiConfig } from '../config/api-config';
import { BadRequest, ResourceNotFound } from '../errors/api-errors';
import { CreateProjectDto, CreateUserDto } from './dto/admin.dto';
import { IdentityRepository } from './identity.repository';
import { DEFAULT_DOMAIN, isRoleName, type ProjectRow } from './identity.types';
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
  ) {}

  @Post('projects')
  @Policy('identity:create_project')
  @HttpCode(201)
  async createProject(@Body() body: CreateProjectDto): Promise<object> {
    const p = await this.repo.createProject(body.project.name, body.project.description ?? '');
    return { project: this.projectView(p) };
  }

  @Post('users')
  @Policy('identity:create_user')
  @HttpCode(201)
  async createUser(@Body() body: CreateUserDto): Promise<object> {
    const { name, password, default_project_id } = body.user;
    const project =
      default_project_id === undefined ? null : await this.project(default_project_id);
    const user = await this.repo.createUser({
      name,
      passwordHash: await hashPassword(password),
      defaultProjectId: project?.id ?? null,
    });
    return {
      user: {
        id: user.id,
        name: user.name,
        domain_id: DEFAULT_DOMAIN.id,
        enabled: true,
        default_project_id: user.default_project_id,
        password_expires_at: null,
        links: { self: `${this.config.identityUrl}/users/${user.id}` },
      },
    };
  }

  @Put('projects/:project/users/:user/roles/:role')
  @Policy('identity:create_grant')
  @HttpCode(204)
  async grantRole(
    @Param('project') projectRef: string,
    @Param('user') userRef: string,
    @Param('role') roleRef: string,
  ): Promise<void> {
    const role = roleNameFromRef(roleRef);
    if (!isRoleName(role))
      throw new BadRequest(`Role ${roleRef} is not one of admin, member, reader.`);
    const project = await this.project(projectRef);
    const user =
      (await this.repo.findUser({ id: userRef })) ?? (await this.repo.findUser({ name: userRef }));
    if (user === null) throw new ResourceNotFound(`Could not find user: ${userRef}.`);
    await this.repo.assignRole(user.id, project.id, role);
  }

  private async project(ref: string): Promise<ProjectRow> {
    const p =
      (await this.repo.findProject({ id: ref })) ?? (await this.repo.findProject({ name: ref }));
    if (p === null) throw new ResourceNotFound(`Could not find project: ${ref}.`);
    return p;
  }

  private projectView(p: ProjectRow): object {
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      domain_id: DEFAULT_DOMAIN.id,
      parent_id: DEFAULT_DOMAIN.id,
      enabled: true,
      is_domain: false,
      links: { self: `${this.config.identityUrl}/projects/${p.id}` },
    };
  }
}
