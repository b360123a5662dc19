import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { ConfigService, type BackendConfigService } from '../config/config.module';

/**
 * `/metrics` tells how busy every shop is: it answers a scraper that shows the token
 * (`Authorization: Bearer <SERI_METRICS_TOKEN>`) or connects from a network in
 * SERI_METRICS_ALLOW (the TCP peer, never X-Forwarded-For, which anyone can write).
 * With neither configured it answers no one.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly tokenDigest: Buffer | null;
  private readonly allowed: BlockList | null;

  constructor(config: ConfigService) {
    const { token, allow } = (config as unknown as BackendConfigService).get('metrics', { infer: true });
    this.tokenDigest = token ? digest(token) : null;
    this.allowed = allow.length > 0 ? blockList(allow) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.tokenDigest && !this.allowed) throw new ForbiddenException('metrics are off: set SERI_METRICS_TOKEN or SERI_METRICS_ALLOW');
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S{1,512})$/i.exec(header.trim()) : null;
    if (match?.[1] && this.tokenDigest && timingSafeEqual(digest(match[1]), this.tokenDigest)) return true;
    const peer = request.socket.remoteAddress;
    if (peer && this.allowed && fromAllowed(this.allowed, peer)) return true;
    throw new UnauthorizedException('a scrape token is required (Authorization: Bearer <SERI_METRICS_TOKEN>)');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

function fromAllowed(list: BlockList, peer: string): boolean {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(peer);
  if (mapped?.[1]) return list.check(mapped[1], 'ipv4');
  return list.check(peer, isIP(peer) === 6 ? 'ipv6' : 'ipv4');
}
