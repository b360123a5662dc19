import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { DeviceRequest } from './authenticated-device';
import { DevicesService } from './devices.service';

/**
 * Terminals authenticate with `Authorization: Bearer <deviceToken>`. Unknown or revoked
 * tokens get 401 before any body is looked at (I9); the device and its shop are attached
 * to the request for the handler.
 */
@Injectable()
export class DeviceAuthGuard implements CanActivate {
  constructor(private readonly devices: DevicesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DeviceRequest>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,512})$/i.exec(header.trim()) : null;
    if (!match?.[1]) throw new UnauthorizedException('a device token is required (Authorization: Bearer <token>)');
    const device = await this.devices.authenticate(match[1]);
    if (!device) throw new UnauthorizedException('unknown or revoked device token');
    request.device = device;
    return true;
  }
}
