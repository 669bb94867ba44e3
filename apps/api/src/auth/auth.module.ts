import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenValidationModule } from './token-validation.module';

/** Installs AuthGuard globally; routes opt out with `@Public()`. */
@Module({
  imports: [TokenValidationModule],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
