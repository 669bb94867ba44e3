import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Public } from '../auth/public.decorator';
import { ApiConfig } from '../config/api-config';
import { ResourceNotFound } from '../errors/api-errors';
import { Policy, PolicyEnforcer } from '../policy';
import { Ctx } from '../request-context/ctx.decorator';
import type { RequestContext } from '../request-context/request-context';
import type { HttpResponse } from '../request-context/http.types';
import { AuthRequestDto } from './dto/auth-request.dto';
import { RevokeTokenCommand } from './commands/identity.commands';
import { tokenBody } from './token-body';
import { TokenIssuer } from './token-issuer.service';
import { TokenService } from './token.service';

const SUBJECT_TOKEN = 'X-Subject-Token';

/** Keystone v3 /auth/tokens: issue (public), validate and revoke (both need a token). */
@Controller('identity/v3/auth/tokens')
export class AuthTokensController {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
    private readonly commands: CommandBus,
    private readonly policy: PolicyEnforcer,
  ) {}

  @Public()
  @Post()
  @HttpCode(201)
  async issue(
    @Body() body: AuthRequestDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<{ token: object }> {
    const { token, claims } = await this.issuer.authenticate(body.auth);
    res.setHeader(SUBJECT_TOKEN, token);
    return tokenBody(claims, this.config.zunEndpoint, this.config.identityUrl);
  }

  @Get()
  @Policy('identity:validate_token')
  validate(
    @Headers('x-subject-token') subject: string | undefined,
    @Res({ passthrough: true }) res: HttpResponse,
  ): { token: object } {
    const claims = subject === undefined ? null : this.tokens.verify(subject);
    if (subject === undefined || claims === null) {
      throw new ResourceNotFound('Could not find token.');
    }
    res.setHeader(SUBJECT_TOKEN, subject);
    return tokenBody(claims, this.config.zunEndpoint, this.config.identityUrl);
  }

  /**
   * `openstack token revoke`: the subject token stops working at once, everywhere (REST, GraphQL,
   * watch streams), on every replica. Keystone's `identity:revoke_token`: an admin, or the
   * token's own user (a user may revoke its own tokens, the one it calls with included).
   */
  @Delete()
  @Policy('identity:revoke_token')
  @HttpCode(204)
  async revoke(
    @Ctx() ctx: RequestContext,
    @Headers('x-subject-token') subject: string | undefined,
  ): Promise<void> {
    const claims = subject === undefined ? null : this.tokens.verify(subject);
    if (claims === null) throw new ResourceNotFound('Could not find token.');
    this.policy.enforce(ctx, 'identity:revoke_token', {
      project_id: claims.project_id,
      user_id: claims.user_id,
    });
    await this.commands.execute(new RevokeTokenCommand(claims.audit_id, claims.issued_at));
  }
}
