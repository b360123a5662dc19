import { Injectable } from '@nestjs/common';
import { Metrics } from '../telemetry/metrics';
import { DevicesService, type FleetStatus } from './devices.service';

/**
 * The terminals as the metrics show them: seen in the last hour, per shop the time since a
 * terminal was last seen (the "shop not syncing" alert), per terminal its oldest pending op.
 */
@Injectable()
export class DeviceMetrics {
  /** The read in flight: the three series of one scrape (collected concurrently) share it. */
  private reading: Promise<FleetStatus> | null = null;

  constructor(devices: DevicesService, metrics: Metrics) {
    const fleet = (): Promise<FleetStatus> => {
      if (!this.reading) {
        const reading = devices.fleetStatus();
        this.reading = reading;
        const settle = (): void => {
          if (this.reading === reading) this.reading = null;
        };
        reading.then(settle, settle);
      }
      return this.reading;
    };
    metrics.collectAtScrape({ name: 'seri_devices_seen_last_hour', help: 'Terminals (not revoked) seen by any instance in the last hour.' }, async (gauge) => {
      gauge.set((await fleet()).seenLastHour);
    });
    metrics.collectAtScrape(
      { name: 'seri_shop_last_seen_age_seconds', help: 'Per shop, seconds since any of its terminals last reached the server.', labelNames: ['shop_id'] },
      async (gauge) => {
        for (const shop of (await fleet()).shops) gauge.set({ shop_id: shop.shopId }, shop.lastSeenAgeSeconds);
      },
    );
    metrics.collectAtScrape(
      {
        name: 'seri_device_oldest_pending_seconds',
        help: 'Per terminal, the age of its oldest op not yet acknowledged, as it last reported (aged since the report).',
        labelNames: ['shop_id', 'device_id'],
      },
      async (gauge) => {
        for (const terminal of (await fleet()).terminals) gauge.set({ shop_id: terminal.shopId, device_id: terminal.deviceId }, terminal.oldestPendingSeconds);
      },
    );
  }
}
