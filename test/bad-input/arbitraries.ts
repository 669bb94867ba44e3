import fc from 'fast-check';

/**
 * Values that are wrong for a field or parameter of a given kind, by construction (each
 * arbitrary is filtered against the rule it breaks, so no sample is accidentally valid).
 */

const short = (max = 12): fc.Arbitrary<string> => fc.string({ maxLength: max });

const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
);

const array = fc.array(fc.oneof(short(6), fc.integer(), fc.boolean()), { maxLength: 3 });
const object = fc.dictionary(short(6), fc.oneof(short(6), fc.integer()), { maxKeys: 3 });

/** Zun's `boolean` parameter type: JSON booleans and these four strings. */
const ZUN_BOOLEAN_STRINGS = new Set(['True', 'true', 'False', 'false']);

/** Anything but a string (null left out: many of Zun's string fields take null). */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(number, fc.boolean(), array, object);

/** Anything but a JSON boolean or one of Zun's boolean strings. */
export const notABoolean: fc.Arbitrary<unknown> = fc.oneof(
  number,
  short().filter((s) => !ZUN_BOOLEAN_STRINGS.has(s)),
  array,
  object,
);

/** Anything but an object. */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(number, fc.boolean(), short(), array);

/** Anything but an array. */
export const notAnArray: fc.Arbitrary<unknown> = fc.oneof(number, fc.boolean(), short(), object);

/** Anything but a whole number or its decimal string (a quota, a healthcheck interval). */
export const notAnInteger: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .filter((d) => !Number.isInteger(d)),
  fc.boolean(),
  short().filter((s) => !/^-?[0-9]+$/.test(s)),
  array,
  object,
);

/**
 * Anything that is neither a number nor a string of digits with an optional fraction (Zun's
 * cpu, memory and disk take those): booleans first of all, then the rest.
 */
export const notNumeric: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  short().filter((s) => !/^[0-9]*(\.[0-9]+)?$/.test(s) || s === ''),
  array,
  object,
);

/** An object whose values are not all strings (environment, labels, hints). */
export const nonStringValues: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/),
    fc.oneof(number, fc.boolean(), array, object, fc.constant(null)),
  )
  .map(([key, value]) => ({ [key]: value }));

/**
 * Query text that is not a positive integer as Zun's strict rule reads one (`^[0-9]+$`, above
 * 0): negatives, zero, fractions, exponents, blanks, signs and words.
 */
export const notAPositiveIntegerText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -100_000, max: 0 }).map(String),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
    .filter((d) => !Number.isInteger(d))
    .map(String),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^[0-9]+$/.test(s)),
  fc.constantFrom('1e3', ' 3', '3 ', '+3', '0x10', '1_000', '1.0', '０１'),
);

/** As above, but 0 is allowed (a stop timeout): only the other shapes. */
export const notANonNegativeIntegerText: fc.Arbitrary<string> = notAPositiveIntegerText.filter(
  (s) => !/^[0-9]+$/.test(s),
);

/** Not a boolean as Zun's `boolean_extended` query parameters read one. */
export const notABooleanText: fc.Arbitrary<string> = fc
  .string({ minLength: 1, maxLength: 10 })
  .filter((s) => !/^(true|false|1|0|on|off|yes|no)$/i.test(s));

/** A lower-case identifier that none of the given names equals (an unknown key or parameter). */
export function unknownName(known: readonly string[]): fc.Arbitrary<string> {
  const taken = new Set(known);
  return fc.stringMatching(/^[a-z][a-z0-9_]{1,14}$/).filter((s) => !taken.has(s));
}

/**
 * Docker's reference grammar (distribution/reference) plus Zun's 2-255 length: the oracle for
 * generated image names, so a generated "bad" name is never a good one.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

export function isValidImageReference(text: string): boolean {
  return text.length >= 2 && text.length <= 255 && REFERENCE.test(text);
}

/** Image references that break the grammar: odd characters, separators, case, length. */
export const badImageReference: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.stringMatching(/^[A-Z][A-Za-z]{1,10}$/),
    fc.stringMatching(/^[a-z]{1,6}[ !$%&*()+=\\|;'",<>?]{1,3}[a-z]{0,6}$/),
    fc.stringMatching(/^[/:@.-][a-z]{1,8}$/),
    fc.stringMatching(/^[a-z]{1,8}(\/|:|@|\/\/[a-z]{1,3}|::|:[a-z]{1,3}:)$/),
    fc.stringMatching(/^[a-z]$/),
  )
  .filter((s) => !isValidImageReference(s));

/** Container names Zun refuses: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`, at most 255. */
export const badContainerName: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 16 }),
    fc.stringMatching(/^[_.-][a-z0-9]{1,8}$/),
    fc.stringMatching(/^[a-z0-9]$/),
    fc.stringMatching(/^[a-z]{1,6}[ /!@#$%^&*()+=:;,?]{1,2}[a-z]{0,6}$/),
  )
  .filter((s) => !/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/.test(s));
