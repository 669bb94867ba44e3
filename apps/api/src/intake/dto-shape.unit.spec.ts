import type { ArgumentMetadata } from '@nestjs/common';
import { CreateContainerDto } from '../containers/dto/create-container.dto';
import { UpdateContainerDto } from '../containers/dto/update-container.dto';
import { createValidationPipe } from '../errors/validation';
import { AuthRequestDto } from '../identity/dto/auth-request.dto';
import { DEFAULT_INTAKE } from '../config/api-config';
import { parseJsonText } from './json-body';
import { MAX_BODY_KEYS } from './json-scan';

const pipe = createValidationPipe();
const asBody = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'body',
  metatype,
});

/** The body as the intake parses it, through the global pipe, as a create's handler gets it. */
const create = async (text: string): Promise<unknown> =>
  pipe.transform(parseJsonText(text), asBody(CreateContainerDto));

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('keys of a JSON body that name something on Object.prototype', () => {
  it.each(PROTOTYPE_KEYS)(
    '%s at the top of a closed schema is an unknown key (400)',
    async (key) => {
      await expect(create(`{"image":"busybox","${key}":{"x":1}}`)).rejects.toThrow(
        `Additional properties are not allowed ('${key}' was unexpected).`,
      );
    },
  );

  it('is named in a nested closed object too, beside other unknown keys', async () => {
    const text =
      '{"image":"busybox","memroy":"1","restart_policy":{"Name":"no","__proto__":{"a":1},"constructor":2}}';
    await expect(create(text)).rejects.toThrow(
      "Additional properties are not allowed ('memroy' was unexpected). " +
        "Invalid input for field/attribute restart_policy: unknown key '__proto__', 'constructor'",
    );
  });

  it('is refused in an update too, however its value is typed', async () => {
    for (const value of ['1', '"x"', 'null', '[]', '{}']) {
      await expect(
        pipe.transform(parseJsonText(`{"toString":${value}}`), asBody(UpdateContainerDto)),
      ).rejects.toThrow("Additional properties are not allowed ('toString' was unexpected).");
    }
  });

  it('is kept as sent, as an own key, in the free maps environment and labels', async () => {
    const keys = PROTOTYPE_KEYS.map((key, i) => `"${key}":"v${i}"`).join(',');
    const dto = (await create(
      `{"image":"busybox","environment":{${keys}},"labels":{${keys}}}`,
    )) as CreateContainerDto;
    for (const map of [dto.environment!, dto.labels!]) {
      expect(Object.keys(map)).toEqual(PROTOTYPE_KEYS);
      expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(map, '__proto__')?.value).toBe('v0');
      expect(Object.entries(map)[1]).toEqual(['constructor', 'v1']);
    }
    expect(dto).toBeInstanceOf(CreateContainerDto);
    expect(Object.getPrototypeOf(dto)).toBe(CreateContainerDto.prototype);
  });

  it('never reaches a prototype, whatever the object value under __proto__', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    await create('{"image":"busybox","environment":{"__proto__":{"polluted":"yes"}}}').catch(
      () => undefined,
    );
    await create('{"image":"busybox","__proto__":{"polluted":"yes"}}').catch(() => undefined);
    await pipe
      .transform(
        parseJsonText('{"auth":{"__proto__":{"polluted":"yes"},"identity":{"methods":["token"]}}}'),
        asBody(AuthRequestDto),
      )
      .catch(() => undefined);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('is dropped, like any unknown key, where a schema is open (Keystone bodies)', async () => {
    const body = parseJsonText(
      '{"auth":{"constructor":1,"identity":{"methods":["token"],"token":{"id":"t","toString":2}}}}',
    );
    const dto = (await pipe.transform(body, asBody(AuthRequestDto))) as AuthRequestDto;
    const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
    expect(own(dto.auth, 'constructor')).toBe(false);
    expect(dto.auth.constructor.name).toBe('AuthDto');
    expect(own(dto.auth.identity.token!, 'toString')).toBe(false);
    expect(dto.auth.identity.token!.id).toBe('t');
  });
});

describe('the shape of a JSON body', () => {
  it('must be an object: an array, a string or a number is a 400, no body is an empty one', async () => {
    for (const text of ['[]', '[{"image":"busybox"}]', '"x"', '5', 'true']) {
      await expect(create(text)).rejects.toThrow('Invalid input: the body must be a JSON object.');
    }
    await expect(create('null')).rejects.toThrow(/field\/attribute image/);
  });

  it('names at most twenty unknown keys, each cut to a hundred characters', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `"${'k'.repeat(150)}${i}":1`).join(',');
    const error = (await create(`{"image":"busybox",${keys}}`).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/ and 480 more were unexpected\)\.$/);
    expect(error.message.length).toBeLessThan(2_500);
  });
});

describe('the costliest create bodies the intake lets through', () => {
  const timed = async (text: string): Promise<number> => {
    await create(text).catch(() => undefined); // warm-up: DTO metadata is read once per class
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      await create(text).catch(() => undefined);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return best;
  };
  const keys = (n: number, prefix = ''): string =>
    Array.from({ length: n }, (_, i) => `"${prefix}${i.toString(36)}":""`).join(',');

  it('are parsed and validated in milliseconds: every key the limit allows, in maps', async () => {
    const half = MAX_BODY_KEYS / 2 - 2; // with image, environment and labels: 1,999 keys
    const text = `{"image":"busybox","environment":{${keys(half)}},"labels":{${keys(half, 'l')}}}`;
    const dto = (await create(text)) as CreateContainerDto;
    expect(Object.keys(dto.environment!)).toHaveLength(half);
    // About a millisecond on a quiet machine; generous here, as the machine may be busy.
    expect(await timed(text)).toBeLessThan(100);
  });

  it('refuse every key that fits in the size limit before parsing them', async () => {
    for (const text of [
      `{"image":"busybox","environment":{${keys(12_800)}}}`,
      `{"image":"busybox","nets":[${Array.from({ length: 9_000 }, (_, i) => `{"${i.toString(36)}":1}`).join(',')}]}`,
    ]) {
      expect(text.length).toBeLessThanOrEqual(DEFAULT_INTAKE.maxBodyBytes);
      await expect(create(text)).rejects.toThrow(
        `Invalid input: the JSON body has more than ${MAX_BODY_KEYS} keys.`,
      );
      expect(await timed(text)).toBeLessThan(100);
    }
  });
});
