import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROTOCOL_VERSION } from '@seri/shared';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DevicesModule } from '../devices/devices.module';
import { HealthModule } from '../health/health.module';
import { ReportsModule } from '../reports/reports.module';
import { AdminModule } from './admin.module';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/**
 * The OpenAPI document of the admin API, auth, enrollment and health, generated from the
 * DTOs. The sync protocol (push, pull, pokes) is described by the shared protocol types and
 * validated by the shared validators rather than by Nest DTOs, so it is left out here.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Seri POS API')
    .setDescription(
      'The managers’ admin API (under /api/admin/shops/{shopId}/…), login, terminal enrollment and health. ' +
        'Log in at /api/auth/login and send `Authorization: Bearer <accessToken>`. Money is integer minor units of the shop currency. ' +
        'Every error has the same body: {statusCode, error, message, details?}.',
    )
    .setVersion(`protocol ${PROTOCOL_VERSION}`)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    include: [AuthModule, AdminModule, AuditModule, ReportsModule, DevicesModule, HealthModule],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /api/docs and the JSON at /api/docs-json, both public (the document holds no secret). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    customSiteTitle: 'Seri POS API',
  });
}
