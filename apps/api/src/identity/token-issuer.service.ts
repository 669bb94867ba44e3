import { Injectable } from '@nestjs/common';
import { AuthenticationRequired, BadRequest } from '../errors/api-errors';
import type { AuthDto, DomainRefDto, ProjectScopeDto } from './dto/auth-request.dto';
import { IdentityRepository } from './identity.repository';
import { DEFAULT_DOMAIN, type ProjectRow, type UserRow } from './identity.types';
import { PasswordCheck } from './login/password-check.service';
import { TokenService, type TokenClaims } from './token.service';

/**
 * Keystone's POST /auth/tokens: proves who the caller is (password or an existing token), picks the
 * project (the requested scope, else the user's default project) and issues a token carrying the
 * caller's roles there. Every failure is the same bare 401, as Keystone does, so a client cannot
 * probe which users or projects exist.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordCheck,
  ) {}

  async authenticate(auth: AuthDto): Promise<{ token: string; claims: TokenClaims }> {
    if (auth.scope?.domain !== undefined || auth.scope?.system !== undefined) {
      // Berth has one domain and no system roles: nobody holds a role there, so Keystone's answer
      // to such a request (no role on the target) is the one that fits. Never issued unscoped.
      throw unauthorized();
    }
    const { user, parent } = await this.identify(auth);
    // Keystone refuses a disabled user after checking the password, with the same bare 401.
    if (!user.enabled) throw unauthorized();
    const project = await this.scope(user, auth.scope?.project);
    const methods = auth.identity.methods;
    // Renewal keeps the parent's expiry: a token cannot be renewed into living forever.
    const expiresAt = parent?.expires_at;
    if (project === null) {
      return this.tokens.issue({ ...names(user, null), roles: [], methods }, Date.now(), expiresAt);
    }
    const roles = await this.repo.rolesOf(user.id, project.id);
    if (roles.length === 0) throw unauthorized();
    return this.tokens.issue({ ...names(user, project), roles, methods }, Date.now(), expiresAt);
  }

  private async identify(auth: AuthDto): Promise<{ user: UserRow; parent: TokenClaims | null }> {
    const { methods, password, token } = auth.identity;
    if (methods.includes('password')) {
      if (password === undefined) throw new BadRequest('Expecting to find password in identity.');
      const ref = password.user;
      if (!inDefaultDomain(ref.domain) || (ref.id === undefined && ref.name === undefined)) {
        throw unauthorized();
      }
      // Lockout, slow-down and one cost for every failure: see PasswordCheck.
      return { user: await this.passwords.check(ref, ref.password), parent: null };
    }
    if (token === undefined) throw new BadRequest('Expecting to find token in identity.');
    const claims = this.tokens.verify(token.id);
    const user = claims === null ? null : await this.repo.findUser({ id: claims.user_id });
    if (user === null) throw unauthorized();
    return { user, parent: claims };
  }

  private async scope(
    user: UserRow,
    requested: ProjectScopeDto | undefined,
  ): Promise<ProjectRow | null> {
    if (requested === undefined) {
      // Keystone scopes an unscoped request to the default project when the user has a role there.
      if (user.default_project_id === null) return null;
      const project = await this.repo.findProject({ id: user.default_project_id });
      const roles = project === null ? [] : await this.repo.rolesOf(user.id, project.id);
      return roles.length > 0 ? project : null;
    }
    if (
      requested.id === undefined &&
      (requested.name === undefined || !inDefaultDomain(requested.domain))
    ) {
      throw unauthorized();
    }
    const project = await this.repo.findProject(
      requested.id !== undefined ? { id: requested.id } : { name: requested.name },
    );
    if (project === null) throw unauthorized();
    return project;
  }
}

function inDefaultDomain(domain: DomainRefDto | undefined): boolean {
  if (domain === undefined) return true;
  return (
    (domain.id === undefined || domain.id === DEFAULT_DOMAIN.id) &&
    (domain.name === undefined || domain.name === DEFAULT_DOMAIN.name)
  );
}

function names(
  user: UserRow,
  project: ProjectRow | null,
): Pick<TokenClaims, 'user_id' | 'user_name' | 'project_id' | 'project_name'> {
  return {
    user_id: user.id,
    user_name: user.name,
    project_id: project?.id ?? null,
    project_name: project?.name ?? null,
  };
}

function unauthorized(): AuthenticationRequired {
  return new AuthenticationRequired('The request you have made requires authentication.');
}
