import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CashSessionApplier } from './cash-session.applier';
import { SessionFiguresService } from './session-figures.service';

@Module({ imports: [UsersModule], providers: [CashSessionApplier, SessionFiguresService], exports: [CashSessionApplier, SessionFiguresService] })
export class CashSessionsModule {}
