import { Injectable } from '@nestjs/common';

/** Whether this instance is shutting down: readiness answers 503 from the first moment of SIGTERM, so the load balancer stops sending. */
@Injectable()
export class ReadinessState {
  private drainingSince: Date | null = null;

  drain(): void {
    this.drainingSince ??= new Date();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }
}
