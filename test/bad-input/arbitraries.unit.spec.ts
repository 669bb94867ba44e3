import fc from 'fast-check';
import {
  badContainerName,
  badImageReference,
  isValidImageReference,
  notABooleanText,
  notANonNegativeIntegerText,
  notAPositiveIntegerText,
} from './arbitraries';
import { caseGenerator } from './generator';

describe('the generators of wrong values', () => {
  it('reads image references as Docker does, with Zun’s 2 to 255 characters', () => {
    for (const good of [
      'busybox',
      'a/b_c',
      '127.0.0.1:5000/berth-test/busybox:latest',
      'x:v1.0-rc',
    ]) {
      expect(isValidImageReference(good)).toBe(true);
    }
    for (const bad of ['a', '!!!', 'Busybox', 'busybox:', 'a//b', '-a', 'x'.repeat(256)]) {
      expect(isValidImageReference(bad)).toBe(false);
    }
  });

  it('never draws a value that is right after all', () => {
    const draw = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { seed: 42, numRuns: 500 });
    expect(draw(badImageReference).filter(isValidImageReference)).toEqual([]);
    expect(
      draw(badContainerName).filter((s) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/.test(s)),
    ).toEqual([]);
    expect(
      draw(notAPositiveIntegerText).filter((s) => /^[0-9]+$/.test(s) && Number(s) > 0),
    ).toEqual([]);
    expect(draw(notANonNegativeIntegerText).filter((s) => /^[0-9]+$/.test(s))).toEqual([]);
    expect(
      draw(notABooleanText).filter((s) => /^(true|false|1|0|on|off|yes|no)$/i.test(s)),
    ).toEqual([]);
  });

  it('draws the same values for the same seed and label, and others for another label', () => {
    const a = caseGenerator(7).sample('x', fc.integer(), 20);
    expect(caseGenerator(7).sample('x', fc.integer(), 20)).toEqual(a);
    expect(caseGenerator(7).sample('y', fc.integer(), 20)).not.toEqual(a);
  });
});
