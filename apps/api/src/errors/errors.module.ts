import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZunExceptionFilter } from './zun-exception.filter';
import { createValidationPipe } from './validation';

/**
 * Registers the global exception filter and validation pipe through DI (APP_FILTER / APP_PIPE),
 * so they also cover Nest's not-found handler and body-parser errors.
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ZunExceptionFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ErrorsModule {}
