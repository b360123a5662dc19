import { Module } from '@nestjs/common';
import { ShopsModule } from '../shops/shops.module';
import { DeviceAuthGuard } from './device-auth.guard';
import { DeviceMetrics } from './device-metrics';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';

@Module({
  imports: [ShopsModule],
  controllers: [DevicesController],
  providers: [DevicesService, DeviceAuthGuard, DeviceMetrics],
  exports: [DevicesService, DeviceAuthGuard],
})
export class DevicesModule {}
