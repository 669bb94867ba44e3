import {
  TransformationType,
  type ClassConstructor,
  type TransformMetadata,
} from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

/** A DTO class, as Nest's pipes and class-transformer's `@Type` name it. */
export type DtoClass = ClassConstructor<object>;

/** How one declared property of a DTO is taken from a JSON body. */
interface PropertyShape {
  /** The DTO class of a nested object (its `@Type`), or null. */
  nested: DtoClass | null;
  /** Its `@Transform`s (the input layer's `@ParsedBy` parsers among them), in order. */
  transforms: readonly TransformMetadata[];
}

/**
 * A value taken from the body as sent, to be put back on the DTO instance at `at`.`key` through
 * the property's own transforms; `source` is the JSON object it was found in.
 */
interface FreeValue {
  at: ReadonlyArray<string | number>;
  key: string;
  value: unknown;
  source: object;
  transforms: readonly TransformMetadata[];
}

export interface ShapedBody {
  /** What class-transformer may be given: declared keys only, free values left out. */
  plain: Record<string, unknown>;
  /** Keys no DTO declares, as paths (`memroy`, `restart_policy.Retries`, `nets.0.x`). */
  unknownKeys: string[];
  /** Puts the free values back, as sent, on the instance class-transformer made of `plain`. */
  restore(instance: object): void;
}

const shapes = new WeakMap<DtoClass, ReadonlyMap<string, PropertyShape>>();

/**
 * Splits a parsed JSON body along a DTO class before class-transformer sees it, because
 * class-transformer mishandles keys and values no DTO describes:
 *
 * - a key such as `constructor`, `toString`, `hasOwnProperty` or `__proto__` is skipped without a
 *   word (and Nest's pipe deletes the first and last), so a closed schema could never refuse it.
 *   Here the keys are read as own properties (`Object.keys`) and looked up in a Map of declared
 *   properties, so such a key is an unknown key like any other;
 * - a free value (an object or array under a declared property without `@Type`: `environment`,
 *   `labels`, `nets` …) is copied key by key with a de-duplication that is quadratic in its size
 *   (300,000 keys took 43 s) and loses those same keys before any `@Transform` sees it. It is kept
 *   out of class-transformer, and its property's transforms (the `@ParsedBy` parsers) are applied
 *   to it as sent, as class-transformer would apply them: keys of free maps are data,
 *   `"constructor": "x"` is an environment variable named constructor. JSON.parse made every key
 *   an own property, so nothing reaches a prototype.
 *
 * The walk follows the DTO classes, so it is as deep as their nesting, and never deeper than the
 * body (whose depth the intake bounds).
 */
export function shapeBody(type: DtoClass, body: object): ShapedBody {
  const unknownKeys: string[] = [];
  const free: FreeValue[] = [];
  const plain = shapeNode(type, body, '', [], { unknownKeys, free });
  return {
    plain,
    unknownKeys,
    restore: (instance) => {
      for (const { at, key, value, source, transforms } of free) {
        const node = follow(instance, at);
        if (node === null) continue;
        let result = value;
        for (const { transformFn } of transforms) {
          result = transformFn({
            value: result,
            key,
            obj: source as Record<string, unknown>,
            type: TransformationType.PLAIN_TO_CLASS,
            options: {},
          }) as unknown;
        }
        (node as Record<string, unknown>)[key] = result;
      }
    },
  };
}

function shapeNode(
  type: DtoClass,
  raw: object,
  path: string,
  at: ReadonlyArray<string | number>,
  out: { unknownKeys: string[]; free: FreeValue[] },
): Record<string, unknown> {
  const properties = shapeOf(type);
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = path === '' ? key : `${path}.${key}`;
    const property = properties.get(key);
    if (property === undefined) {
      out.unknownKeys.push(keyPath);
    } else if (property.nested !== null && Array.isArray(value)) {
      const nested = property.nested;
      plain[key] = value.map((item: unknown, i) =>
        isRecord(item) ? shapeNode(nested, item, `${keyPath}.${i}`, [...at, key, i], out) : item,
      );
    } else if (property.nested !== null && isRecord(value)) {
      plain[key] = shapeNode(property.nested, value, keyPath, [...at, key], out);
    } else if (property.nested === null && typeof value === 'object' && value !== null) {
      out.free.push({ at, key, value, source: raw, transforms: property.transforms });
    } else {
      plain[key] = value;
    }
  }
  return plain;
}

/** The declared properties of a DTO class: those class-validator has rules for (its whitelist). */
function shapeOf(type: DtoClass): ReadonlyMap<string, PropertyShape> {
  const known = shapes.get(type);
  if (known !== undefined) return known;
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(type, '', false, false)
      .map((metadata) => metadata.propertyName),
  );
  const shape = new Map<string, PropertyShape>();
  for (const name of names) {
    // findTypeMetadata answers undefined for a property without @Type, whatever its typing says.
    const typed = defaultMetadataStorage.findTypeMetadata(type, name) as
      ReturnType<typeof defaultMetadataStorage.findTypeMetadata> | undefined;
    // As class-transformer applies them without groups: those limited to groups are left out.
    const transforms = defaultMetadataStorage
      .findTransformMetadatas(type, name, TransformationType.PLAIN_TO_CLASS)
      .filter(({ options }) => (options?.groups?.length ?? 0) === 0);
    shape.set(name, {
      nested:
        (typed?.typeFunction({ newObject: {}, object: {}, property: name }) as
          DtoClass | undefined) ?? null,
      transforms,
    });
  }
  shapes.set(type, shape);
  return shape;
}

function follow(root: object, at: ReadonlyArray<string | number>): object | null {
  let node: unknown = root;
  for (const step of at) {
    if (!isObject(node)) return null;
    node = (node as Record<string | number, unknown>)[step];
  }
  return isObject(node) ? node : null;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isRecord(value: unknown): value is object {
  return isObject(value) && !Array.isArray(value);
}
