import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { ApiConfig } from '../config/api-config';
import { rootDocument, v1Document, type RootDocument, type V1Document } from './version-documents';

/** Version discovery; public, as in Zun, because clients call it before they have a token. */
@Public()
@Controller()
export class VersionsController {
  constructor(private readonly config: ApiConfig) {}

  @Get()
  root(): RootDocument {
    return rootDocument(this.config.publicUrl);
  }

  // `/v1/` reaches this route too: the trailing-slash middleware strips it before routing.
  @Get('v1')
  v1(): V1Document {
    return v1Document(this.config.publicUrl);
  }
}
