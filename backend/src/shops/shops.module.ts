import { Module } from '@nestjs/common';
import { ShopsService } from './shops.service';

@Module({ providers: [ShopsService], exports: [ShopsService] })
export class ShopsModule {}
