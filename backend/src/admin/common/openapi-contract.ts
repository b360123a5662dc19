import { HttpStatus, ParseUUIDPipe, type INestApplication, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { MAX_AMOUNT_MINOR } from '@seri/shared';
import { ISO_INSTANT } from '@seri/shared/dto';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { routeAccess } from '../../auth/access.guard';
import { LOGIN_WINDOW_MS } from '../../auth/login-throttler.guard';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from '../../auth/passwords';
import { patternMaxLength } from '../../common/pattern-length';
import { RATE_LIMIT_WINDOW_MS } from '../../common/rate-limit.guard';

/**
 * The input contract in the OpenAPI document, filled from what is enforced rather than
 * written twice: every limit of a request body, query or path parameter comes from the
 * class-validator decorators (or pipes) the ValidationPipe runs; each operation's security from
 * the access guard's own reading of its metadata; 429 and the rate-limit headers from the rate
 * guard's skip metadata; the error body on every 4xx and 5xx. A new DTO or route comes out
 * right without its author writing any of it, and a constraint this file cannot express leaves
 * the property unbounded, which the Spectral test (openapi-lint.spec.ts) refuses.
 */

type Limits = Partial<SchemaObject>;

function boundOf(pattern: RegExp): number {
  const length = patternMaxLength(pattern);
  if (length === undefined) throw new Error(`the pattern ${pattern.source} has no longest form: the document cannot bound it`);
  return length;
}

const UUID_LENGTH = 36;
/** `YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM`, the longest form the shared date rule takes (32). */
const ISO_DATE_TIME_MAX_LENGTH = boundOf(ISO_INSTANT);
/** 15 digits, 4 hex digits and a node of at most 64 characters (shared/src/clock/hlc.ts). */
const HLC_MAX_LENGTH = 85;
const INT32_MAX = 2 ** 31 - 1;

/** What each class-validator constraint (by its registered name) says in JSON Schema. */
const CONSTRAINT_SCHEMAS: Readonly<Record<string, (constraints: readonly unknown[]) => Limits>> = {
  isString: () => ({ type: 'string' }),
  isBoolean: () => ({ type: 'boolean' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isLength: ([min, max]) => ({ ...(typeof min === 'number' && min > 0 ? { minLength: min } : {}), ...(typeof max === 'number' ? { maxLength: max } : {}) }),
  minLength: ([min]) => (typeof min === 'number' ? { minLength: min } : {}),
  maxLength: ([max]) => (typeof max === 'number' ? { maxLength: max } : {}),
  matches: ([pattern]) => {
    if (!(pattern instanceof RegExp) && typeof pattern !== 'string') return {};
    const maxLength = patternMaxLength(pattern);
    return { pattern: typeof pattern === 'string' ? pattern : pattern.source, ...(maxLength === undefined ? {} : { maxLength }) };
  },
  isUuid: () => ({ type: 'string', format: 'uuid', minLength: UUID_LENGTH, maxLength: UUID_LENGTH }),
  isEmail: () => ({ format: 'email' }),
  isIn: ([values]) => (Array.isArray(values) ? { enum: [...(values as unknown[])] } : {}),
  isEnum: ([entity]) => (entity && typeof entity === 'object' ? { enum: Object.values(entity) } : {}),
  min: ([min]) => (typeof min === 'number' ? { minimum: min } : {}),
  max: ([max]) => (typeof max === 'number' ? { maximum: max } : {}),
  arrayMinSize: ([min]) => (typeof min === 'number' ? { minItems: min } : {}),
  arrayMaxSize: ([max]) => (typeof max === 'number' ? { maxItems: max } : {}),
  // Ours (shared/src/dto/common.ts, backend validators). isIso8601 says nothing of length (it takes
  // any number of fraction digits): a DTO using it bounds it itself.
  isMinorAmount: ([allowNegative]) => ({ type: 'integer', minimum: allowNegative === true ? -MAX_AMOUNT_MINOR : 0, maximum: MAX_AMOUNT_MINOR }),
  isHlcStamp: () => ({ type: 'string', maxLength: HLC_MAX_LENGTH }),
  isPlausibleDate: () => ({ type: 'string', maxLength: ISO_DATE_TIME_MAX_LENGTH }),
  isQueryInstant: () => ({ type: 'string', maxLength: ISO_DATE_TIME_MAX_LENGTH }),
  isCalendarDay: () => ({ type: 'string', format: 'date', minLength: 10, maxLength: 10 }),
  isStorablePassword: () => ({ type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_BYTES }),
};

const CUSTOM_VALIDATION = 'customValidation';

const UPPER_BOUNDS = new Set(['maxLength', 'maximum', 'maxItems']);
const LOWER_BOUNDS = new Set(['minLength', 'minimum', 'minItems']);

/** Two constraints on one value both hold: the tighter bound is the one in force. */
function merge(into: Limits, limits: Limits): void {
  const target = into as Record<string, unknown>;
  for (const [key, value] of Object.entries(limits)) {
    const current = target[key];
    if (typeof current === 'number' && typeof value === 'number' && UPPER_BOUNDS.has(key)) target[key] = Math.min(current, value);
    else if (typeof current === 'number' && typeof value === 'number' && LOWER_BOUNDS.has(key)) target[key] = Math.max(current, value);
    else target[key] = value;
  }
}

/** The limits class-validator enforces on each property of a class: on the value, and on each item (`each`). */
export function validatorLimits(target: Type<unknown>): Map<string, { own: Limits; each: Limits }> {
  const metadatas: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const limits = new Map<string, { own: Limits; each: Limits }>();
  for (const metadata of metadatas) {
    if (metadata.type !== CUSTOM_VALIDATION || !metadata.name) continue;
    const describe = CONSTRAINT_SCHEMAS[metadata.name];
    if (!describe) continue;
    const entry = limits.get(metadata.propertyName) ?? { own: {}, each: {} };
    merge(metadata.each ? entry.each : entry.own, describe((metadata.constraints as unknown[] | undefined) ?? []));
    limits.set(metadata.propertyName, entry);
  }
  return limits;
}

function isReference(schema: SchemaObject | ReferenceObject | undefined): schema is ReferenceObject {
  return schema !== undefined && '$ref' in schema;
}

/** Limits of a collection's items go on `items`; the rest on the property itself (the enforced value wins). */
function applyLimits(schema: SchemaObject, limits: { own: Limits; each: Limits }): void {
  const { own, each } = limits;
  if (schema.type === 'array') {
    const { minItems, maxItems, ...itemOwn } = own;
    Object.assign(schema, minItems === undefined ? {} : { minItems }, maxItems === undefined ? {} : { maxItems });
    const items = schema.items && !isReference(schema.items) ? schema.items : undefined;
    if (items) Object.assign(items, itemOwn, each);
    return;
  }
  if ('$ref' in schema || schema.allOf) return;
  Object.assign(schema, own, each);
}

/** An integer says how wide it is: int32 when its bounds fit, else int64. */
function integerFormats(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach(integerFormats);
  const object = schema as SchemaObject & Record<string, unknown>;
  if (object.type === 'integer' && object.format === undefined) {
    const fits = typeof object.minimum === 'number' && typeof object.maximum === 'number' && object.minimum >= -INT32_MAX - 1 && object.maximum <= INT32_MAX;
    object.format = fits ? 'int32' : 'int64';
  }
  for (const value of Object.values(object)) integerFormats(value);
}

/**
 * Every validated class, by the name the document gives its schema. The classes the routes
 * read (bodies and queries) come first, so a terminal-side DTO of the same name (shared's
 * LoginDto) never lends its rules to the server's; other names only when one class has them.
 */
function validatedClasses(handlers: Iterable<Handler>): Map<string, Type<unknown>> {
  const classes = new Map<string, Type<unknown>>();
  for (const handler of handlers) {
    const types = (Reflect.getMetadata('design:paramtypes', handler.controller.prototype as object, handler.method) ?? []) as unknown[];
    for (const type of types) if (typeof type === 'function' && type !== Object && type !== String) classes.set(type.name, type as Type<unknown>);
  }
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Type<unknown>, unknown> };
  const byName = new Map<string, Type<unknown>[]>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function') byName.set(target.name, [...(byName.get(target.name) ?? []), target]);
  }
  for (const [name, targets] of byName) if (!classes.has(name) && targets.length === 1) classes.set(name, targets[0]!);
  return classes;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

interface Handler {
  controller: Type<unknown>;
  method: string;
}

/** Each route handler of the application, by the operationId the document gives it. */
function handlersByOperationId(app: INestApplication, operationId: (controller: string, method: string) => string): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        if (method !== 'constructor') handlers.set(operationId(controller.name, method), { controller, method });
      }
    }
  }
  return handlers;
}

/** What a path parameter's pipe accepts: ParseUUIDPipe, or a pipe class that states `openApiSchema`. */
function pipeSchema(pipes: readonly unknown[]): Limits | undefined {
  for (const pipe of pipes) {
    const type = (typeof pipe === 'function' ? pipe : (pipe as object | null)?.constructor) as (Type<unknown> & { openApiSchema?: Limits }) | undefined;
    if (type === ParseUUIDPipe) return CONSTRAINT_SCHEMAS['isUuid']!([]);
    if (type?.openApiSchema) return type.openApiSchema;
  }
  return undefined;
}

/** Query DTO limits onto query parameters, pipe limits onto path parameters. */
function applyParameterLimits(operation: OperationObject, handler: Handler): void {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.method) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', handler.controller.prototype as object, handler.method) ?? []) as unknown[];
  const parameters = (operation.parameters ?? []).filter((parameter): parameter is ParameterObject => !('$ref' in parameter));
  for (const [key, argument] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]) as RouteParamtypes;
    if (kind === RouteParamtypes.QUERY && argument.data === undefined && typeof types[argument.index] === 'function') {
      const limits = validatorLimits(types[argument.index] as Type<unknown>);
      for (const parameter of parameters) {
        const limit = limits.get(parameter.name);
        if (parameter.in === 'query' && limit && parameter.schema && !isReference(parameter.schema)) applyLimits(parameter.schema, limit);
      }
    }
    if (kind === RouteParamtypes.PARAM && typeof argument.data === 'string') {
      const limits = pipeSchema(argument.pipes ?? []);
      const parameter = parameters.find((candidate) => candidate.in === 'path' && candidate.name === argument.data);
      if (limits && parameter?.schema && !isReference(parameter.schema)) Object.assign(parameter.schema, limits);
    }
  }
}

const ERROR_BODY_REF = '#/components/schemas/ErrorBodyDto';

const RATE_LIMIT_HEADERS: Readonly<Record<string, { description: string; schema: SchemaObject }>> = {
  'X-RateLimit-Limit': { description: `Requests one address may make per ${RATE_LIMIT_WINDOW_MS / 1000} s across the API.`, schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 10_000_000 } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 10_000_000 } },
  'X-RateLimit-Reset': { description: 'Seconds until the window ends.', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: RATE_LIMIT_WINDOW_MS / 1000 } },
};

function errorResponse(description: string): ResponseObject {
  return { description, content: { 'application/json': { schema: { $ref: ERROR_BODY_REF } } } };
}

/** The handler function and its controller: where route metadata lives. */
function targetsOf(handler: Handler): object[] {
  const prototype = handler.controller.prototype as Record<string, object>;
  return [prototype[handler.method]!, handler.controller];
}

/** Skipped by @SkipThrottle() on the handler or its controller (the rate guard's own rule). */
function isRateLimited(handler: Handler): boolean {
  const targets = targetsOf(handler);
  return !targets.some((target) => Reflect.getMetadata('THROTTLER:SKIPdefault', target) === true);
}

/** Security, 429, 500 and the rate-limit headers on every operation, by what its guards do. */
function applyOperationContract(operation: OperationObject, handler: Handler | undefined): void {
  const access = handler ? routeAccess(targetsOf(handler)) : 'user';
  // `{}`: callable without credentials (login, enrollment, health), said explicitly.
  operation.security = access === 'public' ? [{}] : access === 'device' ? [{ deviceToken: [] }] : [{ bearer: [] }];
  const responses = operation.responses;
  const limited = handler ? isRateLimited(handler) : false;
  if (limited) {
    responses[HttpStatus.TOO_MANY_REQUESTS] ??= errorResponse('Too many requests from this address; retry after Retry-After seconds.');
    const tooMany = responses[HttpStatus.TOO_MANY_REQUESTS] as ResponseObject;
    tooMany.headers = { ...tooMany.headers, 'Retry-After': { description: 'Seconds to wait before the next request.', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: Math.max(RATE_LIMIT_WINDOW_MS, LOGIN_WINDOW_MS) / 1000 } } };
  }
  responses[HttpStatus.INTERNAL_SERVER_ERROR] ??= errorResponse('A fault of ours; the body says only "internal server error".');
  if (access !== 'public') responses[HttpStatus.UNAUTHORIZED] ??= errorResponse('No valid token.');
  for (const [status, response] of Object.entries(responses)) {
    if (!limited || !/^[24]/.test(status) || !response || '$ref' in response) continue;
    response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Rewrites the document in place so it states the contract the application enforces. */
export function applyInputContract(app: INestApplication, document: OpenAPIObject, operationId: (controller: string, method: string) => string): OpenAPIObject {
  const handlers = handlersByOperationId(app, operationId);
  const classes = validatedClasses(handlers.values());
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const target = classes.get(name);
    if (!target || isReference(schema)) continue;
    for (const [property, limits] of validatorLimits(target)) {
      const propertySchema = schema.properties?.[property];
      if (propertySchema && !isReference(propertySchema)) applyLimits(propertySchema, limits);
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const handler = operation.operationId ? handlers.get(operation.operationId) : undefined;
      if (handler) applyParameterLimits(operation, handler);
      applyOperationContract(operation, handler);
    }
  }
  integerFormats(document.components?.schemas);
  integerFormats(document.paths);
  return document;
}
