import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdentityChanges } from '../identity-changes.service';
import { IdentityRepository } from '../identity.repository';
import type { ProjectRow, UserRow } from '../identity.types';
import {
  AssignRoleCommand,
  CreateProjectCommand,
  CreateUserCommand,
  DeleteProjectCommand,
  DeleteUserCommand,
  RevokeTokenCommand,
  SetPasswordCommand,
  SetUserEnabledCommand,
  UnassignRoleCommand,
} from './identity.commands';

// Additions take no token away: written as they are. Changes that do go through IdentityChanges,
// which revokes in the same transaction.

@CommandHandler(CreateProjectCommand)
export class CreateProjectHandler implements ICommandHandler<CreateProjectCommand> {
  constructor(private readonly repo: IdentityRepository) {}

  execute({ name, description }: CreateProjectCommand): Promise<ProjectRow> {
    return this.repo.createProject(name, description);
  }
}

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(private readonly repo: IdentityRepository) {}

  execute({ name, passwordHash, defaultProjectId }: CreateUserCommand): Promise<UserRow> {
    return this.repo.createUser({ name, passwordHash, defaultProjectId });
  }
}

@CommandHandler(AssignRoleCommand)
export class AssignRoleHandler implements ICommandHandler<AssignRoleCommand> {
  constructor(private readonly repo: IdentityRepository) {}

  async execute({ userId, projectId, role }: AssignRoleCommand): Promise<void> {
    await this.repo.assignRole(userId, projectId, role);
  }
}

@CommandHandler(UnassignRoleCommand)
export class UnassignRoleHandler implements ICommandHandler<UnassignRoleCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ userId, projectId, role }: UnassignRoleCommand): Promise<void> {
    return this.changes.unassignRole(userId, projectId, role);
  }
}

@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ userId, passwordHash }: SetPasswordCommand): Promise<void> {
    return this.changes.setPassword(userId, passwordHash);
  }
}

@CommandHandler(SetUserEnabledCommand)
export class SetUserEnabledHandler implements ICommandHandler<SetUserEnabledCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ userId, enabled }: SetUserEnabledCommand): Promise<void> {
    return this.changes.setEnabled(userId, enabled);
  }
}

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ userId }: DeleteUserCommand): Promise<void> {
    return this.changes.deleteUser(userId);
  }
}

@CommandHandler(DeleteProjectCommand)
export class DeleteProjectHandler implements ICommandHandler<DeleteProjectCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ projectId }: DeleteProjectCommand): Promise<void> {
    return this.changes.deleteProject(projectId);
  }
}

@CommandHandler(RevokeTokenCommand)
export class RevokeTokenHandler implements ICommandHandler<RevokeTokenCommand> {
  constructor(private readonly changes: IdentityChanges) {}

  execute({ auditId, issuedAt }: RevokeTokenCommand): Promise<void> {
    return this.changes.revokeToken(auditId, issuedAt);
  }
}

export const IDENTITY_COMMAND_HANDLERS = [
  CreateProjectHandler,
  CreateUserHandler,
  AssignRoleHandler,
  UnassignRoleHandler,
  SetPasswordHandler,
  SetUserEnabledHandler,
  DeleteUserHandler,
  DeleteProjectHandler,
  RevokeTokenHandler,
];
