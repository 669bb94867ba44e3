import { Controller, Get, HttpCode } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { ApiConfig } from '../config/api-config';

/** Keystone's version discovery; keystoneauth GETs OS_AUTH_URL before it asks for a token. */
@Public()
@Controller('identity')
export class IdentityVersionController {
  constructor(private readonly config: ApiConfig) {}

  @Get('v3')
  v3(): { version: object } {
    return { version: this.version() };
  }

  /** Keystone answers its unversioned root with 300 Multiple Choices. */
  @Get()
  @HttpCode(300)
  root(): { versions: { values: object[] } } {
    return { versions: { values: [this.version()] } };
  }

  private version(): object {
    return {
      id: 'v3.14',
      status: 'stable',
      updated: '2020-04-07T00:00:00Z',
      links: [{ rel: 'self', href: `${this.config.identityUrl}/` }],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' },
      ],
    };
  }
}
