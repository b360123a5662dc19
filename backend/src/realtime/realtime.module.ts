import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { ChangeListener } from './change-listener';
import { PokeGateway } from './poke-gateway';

/** Pokes terminals over WebSocket when their shop's data changes, across instances (LISTEN/NOTIFY). */
@Module({ imports: [DevicesModule], providers: [PokeGateway, ChangeListener], exports: [PokeGateway, ChangeListener] })
export class RealtimeModule {}
