import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedDevice, DeviceRequest } from './authenticated-device';

/** The device the DeviceAuthGuard resolved. */
export const CurrentDevice = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedDevice => {
  const device = context.switchToHttp().getRequest<DeviceRequest>().device;
  if (!device) throw new UnauthorizedException('no authenticated device');
  return device;
});
