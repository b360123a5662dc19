import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type HealthResponse } from '@seri/shared';
import { DataSource } from 'typeorm';

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthResponse> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('the database is not reachable');
    }
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION, minProtocolVersion: MIN_PROTOCOL_VERSION, time: new Date().toISOString() };
  }
}
