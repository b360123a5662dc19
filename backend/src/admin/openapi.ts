import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROTOCOL_VERSION } from '@seri/shared';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DevicesModule } from '../devices/devices.module';
import { HealthModule } from '../health/health.module';
import { ReportsModule } from '../reports/reports.module';
import { AdminModule } from './admin.module';
import { applyInputContract } from './common/openapi-contract';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/**
 * The OpenAPI document of the admin API, auth, enrollment and health, generated from the
 * DTOs. The sync protocol (push, pull, pokes) is described by the shared protocol types and
 * validated by the shared validators rather than by Nest DTOs, so it is left out here.
 */
const operationId = (controllerKey: string, methodKey: string): string => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Seri POS API')
    .setDescription(
      'The managers’ admin API (under /api/admin/shops/{shopId}/…), login, terminal enrollment and health. ' +
        'Log in at /api/auth/login and send `Authorization: Bearer <accessToken>`. Money is integer minor units of the shop currency. ' +
        'Every error has the same body: {statusCode, error, message, details?}. ' +
        'Every limit in this document (lengths, sizes, ranges, patterns) is read from the validators the server runs: a body or query outside them gets 400 naming the field, and nothing is written. ' +
        'Each address may make a bounded number of requests a minute (X-RateLimit-* headers); past it, 429 with Retry-After.',
    )
    .setVersion(`protocol ${PROTOCOL_VERSION}`)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A user’s access token from /api/auth/login: a JWS signed HS256 with the algorithm, issuer and audience pinned and alg:none refused, as RFC8725 asks; short-lived, renewed with a one-use refresh token.',
      },
      'bearer',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'A terminal’s device token from /api/devices/enroll (opaque, revocable by a manager).' }, 'deviceToken')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    include: [AuthModule, AdminModule, AuditModule, ReportsModule, DevicesModule, HealthModule],
    operationIdFactory: operationId,
  });
  return applyInputContract(app, document, operationId);
}

/** Swagger UI at /api/docs and the JSON at /api/docs-json, both public (the document holds no secret). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    customSiteTitle: 'Seri POS API',
  });
}
