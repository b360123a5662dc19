import type { ClassConstructor } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { ValidationTypes, getMetadataStorage, type ValidationArguments } from 'class-validator';

/**
 * A fast yes for well-formed input, from the very decorators `validateAs` runs.
 *
 * class-validator and class-transformer walk their metadata for every object they see;
 * at a push of 500 sales that is most of the request. This reads the metadata of a DTO
 * class once and keeps, per property, the same constraint instances class-validator calls,
 * with the same arguments, under the same rules (whitelist and forbidNonWhitelisted,
 * forbidUnknownValues, conditions, `each`, nested objects typed by `@Type`).
 *
 * It only ever says "valid for sure" (true) or "not sure" (false). Anything it was not
 * built for (async or promise validation, discriminators, Sets and Maps, arrays of arrays,
 * keys such as `__proto__`) answers false, and the caller runs class-validator, which has
 * the last word and the messages. So the fast path can make validation cheaper, never laxer.
 */
export function quickAccept(cls: ClassConstructor<object>, plain: unknown): boolean {
  const check = checkerOf(cls);
  return check !== null && isPlainRecord(plain) && check(plain);
}

type Checker = (object: Record<string, unknown>) => boolean;
type ValueTest = (object: Record<string, unknown>, value: unknown) => boolean;

interface PropertyPlan {
  name: string;
  conditions: ValueTest[];
  tests: ValueTest[];
  /** Nested validation: the class `@Type` gives the property's objects (null: none, so never valid). */
  nested: { cls: ClassConstructor<object> | null } | null;
}

const checkers = new Map<ClassConstructor<object>, Checker | null>();
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkerOf(cls: ClassConstructor<object>): Checker | null {
  if (checkers.has(cls)) return checkers.get(cls)!;
  let compiled: Checker | null = null;
  // Stands in while compiling, so a class nesting itself reaches its checker once built.
  checkers.set(cls, (object) => compiled !== null && compiled(object));
  compiled = compile(cls);
  checkers.set(cls, compiled);
  return compiled;
}

function compile(cls: ClassConstructor<object>): Checker | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  // forbidUnknownValues: an object of a class with no metadata is refused.
  if (metadatas.length === 0) return () => false;
  const grouped = storage.groupByPropertyName(metadatas);
  const allowed = new Set(Object.keys(grouped).filter((name) => grouped[name]!.length > 0));
  const plans: PropertyPlan[] = [];
  for (const [name, group] of Object.entries(grouped)) {
    const plan: PropertyPlan = { name, conditions: [], tests: [], nested: null };
    for (const metadata of group) {
      switch (metadata.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION: {
          const condition = metadata.constraints[0] as (object: object, value: unknown) => boolean;
          plan.conditions.push((object, value) => Boolean(condition(object, value)));
          break;
        }
        case ValidationTypes.CUSTOM_VALIDATION:
        case ValidationTypes.IS_DEFINED: {
          const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
          if (constraints.length === 0 || constraints.some((constraint) => constraint.async)) return null;
          const validateIf = metadata.validateIf;
          const each = metadata.each === true;
          for (const constraint of constraints) {
            const instance = constraint.instance;
            plan.tests.push((object, value) => {
              if (validateIf && !validateIf(object, value)) return true;
              const args: ValidationArguments = { targetName: cls.name, property: name, object, value, constraints: metadata.constraints };
              if (each && (value instanceof Set || value instanceof Map)) return false;
              if (each && Array.isArray(value)) return value.every((item) => instance.validate(item, args) === true);
              const verdict = instance.validate(value, args);
              return verdict === true;
            });
          }
          break;
        }
        case ValidationTypes.NESTED_VALIDATION: {
          const type = defaultMetadataStorage.findTypeMetadata(cls, name);
          if (type?.options?.discriminator) return null;
          const nestedCls = (type?.typeFunction() as ClassConstructor<object> | undefined) ?? null;
          plan.nested = { cls: nestedCls };
          break;
        }
        default:
          // Promise validation or anything newer: leave it to class-validator.
          return null;
      }
    }
    plans.push(plan);
  }

  return (object) => {
    for (const key of Object.keys(object)) {
      if (!allowed.has(key) || UNSAFE_KEYS.has(key)) return false;
    }
    for (const plan of plans) {
      const value = object[plan.name];
      if (!plan.conditions.every((condition) => condition(object, value))) continue;
      for (const test of plan.tests) if (!test(object, value)) return false;
      if (plan.nested && !nestedValid(plan.nested.cls, value)) return false;
    }
    return true;
  };
}

/**
 * The own keys of `plain` (and of its nested objects, by the DTO's `@Type`s) that the class
 * does not declare, as messages naming their paths. class-validator only sees what
 * class-transformer copied onto the instance, and that copy skips keys such as `__proto__`,
 * `constructor` or `toString` (they name something the prototype already has): checked
 * here on the parsed object itself, so an unknown key is refused whatever its name.
 */
export function unknownKeys(cls: ClassConstructor<object>, plain: unknown, path: string, found: string[] = []): string[] {
  if (!isPlainRecord(plain)) return found;
  const shape = shapeOf(cls);
  if (shape === null) return found;
  for (const key of Object.keys(plain)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!shape.allowed.has(key)) {
      found.push(`${keyPath}: property ${key} should not exist`);
      continue;
    }
    const nested = shape.nested.get(key);
    if (!nested) continue;
    const value = plain[key];
    if (Array.isArray(value)) value.forEach((item, index) => unknownKeys(nested, item, `${keyPath}.${index}`, found));
    else unknownKeys(nested, value, keyPath, found);
  }
  return found;
}

interface Shape {
  allowed: ReadonlySet<string>;
  nested: ReadonlyMap<string, ClassConstructor<object>>;
}
const shapes = new Map<ClassConstructor<object>, Shape | null>();

/** The properties a class declares (any decorator) and the class of each nested one; null: no metadata. */
function shapeOf(cls: ClassConstructor<object>): Shape | null {
  if (shapes.has(cls)) return shapes.get(cls)!;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  let shape: Shape | null = null;
  if (metadatas.length > 0) {
    const grouped = storage.groupByPropertyName(metadatas);
    const allowed = new Set(Object.keys(grouped).filter((name) => grouped[name]!.length > 0 && !UNSAFE_KEYS.has(name)));
    const nested = new Map<string, ClassConstructor<object>>();
    for (const name of allowed) {
      if (!grouped[name]!.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION)) continue;
      const type = defaultMetadataStorage.findTypeMetadata(cls, name);
      const nestedCls = type?.options?.discriminator ? undefined : (type?.typeFunction() as ClassConstructor<object> | undefined);
      if (nestedCls) nested.set(name, nestedCls);
    }
    shape = { allowed, nested };
  }
  shapes.set(cls, shape);
  return shape;
}

/** class-validator's nested rules on what class-transformer would have built from `value`. */
function nestedValid(cls: ClassConstructor<object> | null, value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((item) => item === undefined || (!Array.isArray(item) && nestedObjectValid(cls, item)));
  return nestedObjectValid(cls, value);
}

function nestedObjectValid(cls: ClassConstructor<object> | null, value: unknown): boolean {
  if (!isPlainRecord(value) || cls === null) return false;
  const check = checkerOf(cls);
  return check !== null && check(value);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // A plain object of any realm (JSON.parse, structured clone): its prototype is null or an Object.prototype.
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
