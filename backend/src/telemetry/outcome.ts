import { HttpException } from '@nestjs/common';

/** A latency series' outcome label: ok, or the HTTP class of the failure (4xx, 5xx), so latency of refusals is told apart. */
export function outcomeOf(error: unknown): 'ok' | '4xx' | '5xx' {
  if (error instanceof HttpException) return error.getStatus() >= 500 ? '5xx' : '4xx';
  return '5xx';
}
