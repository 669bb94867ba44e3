import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { BadRequest, ResourceNotFound } from '../errors/api-errors';
import { Policy, PolicyEnforcer } from '../policy';
import { Ctx } from '../request-context/ctx.decorator';
import type { RequestContext } from '../request-context/request-context';
import { AssignmentFilterQuery, NameFilterQuery } from './dto/admin.dto';
import { IdentityRepository } from './identity.repository';
import { DEFAULT_DOMAIN, ROLE_NAMES, isRoleName, type AssignmentRow } from './identity.types';
import { projectView, userView } from './identity-views';
import { roleNameFromRef, roleView } from './token-body';

/**
 * Keystone's reads, as the openstack CLI issues them (`project list/show`, `user list/show`,
 * `role list`, `role assignment list`; a name it was given is looked up as GET /x/{name}, then
 * GET /x?name=). Policy as Keystone's defaults: admins read everything; a user may read itself
 * and the project its token is scoped to; the three roles are readable by any caller.
 */
@Controller('identity/v3')
export class IdentityReadController {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Get('projects')
  @Policy('identity:list_projects')
  async listProjects(@Query() q: NameFilterQuery): Promise<object> {
    const rows = await this.repo.listProjects(q.name);
    return { projects: rows.map((p) => projectView(p, this.url)), links: this.links('projects') };
  }

  @Get('projects/:project')
  @Policy('identity:get_project')
  async showProject(@Ctx() ctx: RequestContext, @Param('project') ref: string): Promise<object> {
    const p =
      (await this.repo.findProject({ id: ref })) ?? (await this.repo.findProject({ name: ref }));
    // Another project is "not found" to a non-admin, so it cannot probe names.
    if (
      p === null ||
      !this.policy.allows(ctx, 'identity:get_project', { project_id: p.id, user_id: null })
    ) {
      throw new ResourceNotFound(`Could not find project: ${ref}.`);
    }
    return { project: projectView(p, this.url) };
  }

  @Get('users')
  @Policy('identity:list_users')
  async listUsers(@Query() q: NameFilterQuery): Promise<object> {
    const rows = await this.repo.listUsers(q.name);
    return { users: rows.map((u) => userView(u, this.url)), links: this.links('users') };
  }

  @Get('users/:user')
  @Policy('identity:get_user')
  async showUser(@Ctx() ctx: RequestContext, @Param('user') ref: string): Promise<object> {
    const u = (await this.repo.findUser({ id: ref })) ?? (await this.repo.findUser({ name: ref }));
    if (
      u === null ||
      !this.policy.allows(ctx, 'identity:get_user', { project_id: null, user_id: u.id })
    ) {
      throw new ResourceNotFound(`Could not find user: ${ref}.`);
    }
    return { user: userView(u, this.url) };
  }

  @Get('roles')
  @Policy('identity:list_roles')
  listRoles(@Query() q: NameFilterQuery): object {
    const names = ROLE_NAMES.filter((name) => q.name === undefined || q.name === name);
    return { roles: names.map((name) => roleView(name, this.url)), links: this.links('roles') };
  }

  @Get('roles/:role')
  @Policy('identity:get_role')
  showRole(@Param('role') ref: string): object {
    const name = roleNameFromRef(ref);
    if (!isRoleName(name)) throw new ResourceNotFound(`Could not find role: ${ref}.`);
    return { role: roleView(name, this.url) };
  }

  @Get('role_assignments')
  @Policy('identity:list_role_assignments')
  async listAssignments(
    @Ctx() ctx: RequestContext,
    @Query() q: AssignmentFilterQuery,
  ): Promise<object> {
    const userRef = q['user.id'];
    // A user may list its own assignments (Keystone's "own" rule); everything else is admin's.
    this.policy.enforce(ctx, 'identity:list_role_assignments', {
      project_id: null,
      user_id: userRef ?? null,
    });
    const roleRef = q['role.id'];
    const role = roleRef === undefined ? undefined : roleNameFromRef(roleRef);
    if (role !== undefined && !isRoleName(role)) {
      throw new BadRequest(`Role ${roleRef ?? ''} is not one of admin, member, reader.`);
    }
    // Keystone's reading of a boolean filter: present and not `0`/`false` is true.
    const flag = q.include_names?.toLowerCase();
    const names = flag !== undefined && flag !== '0' && flag !== 'false';
    const rows = await this.repo.listAssignments({
      userId: userRef,
      projectId: q['scope.project.id'],
      role,
    });
    return {
      role_assignments: rows.map((a) => this.assignmentView(a, names)),
      links: this.links('role_assignments'),
    };
  }

  private assignmentView(a: AssignmentRow, names: boolean): object {
    const domain = names ? { ...DEFAULT_DOMAIN } : { id: DEFAULT_DOMAIN.id };
    const role = roleView(a.role, this.url) as { id: string; name: string };
    return {
      role: names ? { id: role.id, name: role.name } : { id: role.id },
      user: names ? { id: a.user_id, name: a.user_name, domain } : { id: a.user_id },
      scope: {
        project: names ? { id: a.project_id, name: a.project_name, domain } : { id: a.project_id },
      },
      links: {
        assignment: `${this.url}/projects/${a.project_id}/users/${a.user_id}/roles/${role.id}`,
      },
    };
  }

  private get url(): string {
    return this.config.identityUrl;
  }

  private links(collection: string): object {
    return { self: `${this.url}/${collection}`, previous: null, next: null };
  }
}
