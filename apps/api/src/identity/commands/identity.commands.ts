import type { RoleName } from '../../request-context/request-context';

/** The identity writes of Keystone's admin API and token revocation, one command each. */

export class CreateProjectCommand {
  constructor(
    readonly name: string,
    readonly description: string,
  ) {}
}

export class CreateUserCommand {
  constructor(
    readonly name: string,
    readonly passwordHash: string,
    readonly defaultProjectId: string | null,
  ) {}
}

export class AssignRoleCommand {
  constructor(
    readonly userId: string,
    readonly projectId: string,
    readonly role: RoleName,
  ) {}
}

export class UnassignRoleCommand {
  constructor(
    readonly userId: string,
    readonly projectId: string,
    readonly role: RoleName,
  ) {}
}

export class SetPasswordCommand {
  constructor(
    readonly userId: string,
    readonly passwordHash: string,
  ) {}
}

export class SetUserEnabledCommand {
  constructor(
    readonly userId: string,
    readonly enabled: boolean,
  ) {}
}

export class DeleteUserCommand {
  constructor(readonly userId: string) {}
}

export class DeleteProjectCommand {
  constructor(readonly projectId: string) {}
}

/** One token, by its audit id. */
export class RevokeTokenCommand {
  constructor(
    readonly auditId: string,
    readonly issuedAt: number,
  ) {}
}
