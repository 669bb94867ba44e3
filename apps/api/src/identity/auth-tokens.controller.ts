import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { ApiConfig } from '../config/api-config';
import { ResourceNotFound } from '../errors/api-errors';
import type { HttpResponse } from '../request-context/http.types';
import { AuthRequestDto } from './dto/auth-request.dto';
import { tokenBody } from './token-body';
import { TokenIssuer } from './token-issuer.service';
import { TokenService } from './token.service';
import { Policy } from '../policy/policy.decorator';

const SUBJECT_TOKEN = 'X-Subject-Token';

/** Keystone v3 /auth/tokens: issue (public) and validate (needs a token itself). */
@Controller('identity/v3/auth/tokens')
export class AuthTokensController {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
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
    return tokenBody(claims, this.config.zunEndpoint);
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
    return tokenBody(claims, this.config.zunEndpoint);
  }
}
