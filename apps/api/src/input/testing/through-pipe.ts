import type { Type } from '@nestjs/common';
import { createValidationPipe } from '../../errors/validation';

/**
 * Runs `raw` through the API's global ValidationPipe as Nest would for `@Query() q: Dto` (or
 * `@Body()`), so a DTO's unit test sees exactly what a request would: the parsed instance, or the
 * BadRequest with the API's wording.
 */
export async function throughPipe<T>(
  dto: Type<T>,
  raw: Record<string, unknown>,
  kind: 'query' | 'body' = 'query',
): Promise<T> {
  return (await createValidationPipe().transform(raw, { type: kind, metatype: dto })) as T;
}

/** The 400's message when `raw` is refused; fails the test when it is accepted. */
export async function refusalOf<T>(
  dto: Type<T>,
  raw: Record<string, unknown>,
  kind: 'query' | 'body' = 'query',
): Promise<string> {
  try {
    await throughPipe(dto, raw, kind);
  } catch (error) {
    if (error instanceof Error && (error as { status?: number }).status === 400) {
      return error.message;
    }
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}
