import { ResultErrorException, type DeviceInfo, type ShopRecord } from '@seri/shared';
import { silentLogger, type Logger } from '../logger';
import type { OpQueue } from '../queue/op-queue';
import { SyncHttpError, type SyncClient } from '../sync/sync-client';
import type { SyncConnection } from '../sync/sync-worker';
import type { SecretStore } from './secret-store';

const META = {
  deviceId: 'device_id',
  deviceName: 'device_name',
  terminalCode: 'terminal_code',
  serverUrl: 'server_url',
  shop: 'shop',
} as const;

export const DEVICE_TOKEN_SECRET = 'device-token';

export interface EnrollInput {
  serverUrl: string;
  code: string;
  name: string;
}

export interface DeviceServiceOptions {
  queue: OpQueue;
  secrets: SecretStore;
  client: SyncClient;
  logger?: Logger;
}

/** `https://pos.example/seri/` → `https://pos.example/seri`: one spelling in meta. */
export function normalizeServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ResultErrorException('VALIDATION', "Adresse du serveur invalide");
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ResultErrorException('VALIDATION', "L'adresse du serveur doit commencer par http:// ou https://");
  if (url.username || url.password) throw new ResultErrorException('VALIDATION', "L'adresse du serveur ne doit pas contenir d'identifiants");
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * The terminal's identity: enrolled once with a code from the admin, then the device id,
 * shop and server URL live in meta and the token in the SecretStore. Works offline once enrolled.
 */
export class DeviceService {
  private readonly queue: OpQueue;
  private readonly secrets: SecretStore;
  private readonly client: SyncClient;
  private readonly logger: Logger;
  private enrolling = false;

  constructor(options: DeviceServiceOptions) {
    this.queue = options.queue;
    this.secrets = options.secrets;
    this.client = options.client;
    this.logger = options.logger ?? silentLogger;
  }

  info(): DeviceInfo {
    const deviceId = this.queue.getMeta(META.deviceId);
    const shop = this.queue.getMeta(META.shop);
    return {
      enrolled: deviceId !== null,
      deviceId,
      deviceName: this.queue.getMeta(META.deviceName),
      terminalCode: this.queue.getMeta(META.terminalCode),
      serverUrl: this.queue.getMeta(META.serverUrl),
      shop: shop === null ? null : (JSON.parse(shop) as ShopRecord),
    };
  }

  get enrolled(): boolean {
    return this.queue.getMeta(META.deviceId) !== null;
  }

  async enroll(input: EnrollInput): Promise<DeviceInfo> {
    if (this.enrolled) throw new ResultErrorException('ALREADY_ENROLLED', 'Ce terminal est déjà enrôlé');
    if (this.enrolling) throw new ResultErrorException('ENROLLMENT_FAILED', 'Un enrôlement est déjà en cours');
    const serverUrl = normalizeServerUrl(input.serverUrl);
    this.enrolling = true;
    try {
      const response = await this.client.enroll(serverUrl, { code: input.code.trim(), name: input.name.trim() }).catch((error: unknown) => {
        throw enrollmentError(error);
      });
      // Token first: a crash between the two leaves a terminal that is simply not enrolled yet.
      await this.secrets.set(DEVICE_TOKEN_SECRET, response.deviceToken);
      this.queue.setMetaMany({
        [META.deviceId]: response.deviceId,
        [META.deviceName]: input.name.trim(),
        [META.terminalCode]: response.terminalCode,
        [META.serverUrl]: serverUrl,
        [META.shop]: JSON.stringify(response.shop),
      });
      this.logger.info(`enrolled as ${response.terminalCode} (${response.deviceId}) in shop ${response.shop.id}`);
      return this.info();
    } finally {
      this.enrolling = false;
    }
  }

  /** What the sync worker needs; null while not enrolled or if the token is gone. */
  async connection(): Promise<SyncConnection | null> {
    const serverUrl = this.queue.getMeta(META.serverUrl);
    if (!this.enrolled || serverUrl === null) return null;
    const token = await this.secrets.get(DEVICE_TOKEN_SECRET);
    if (token === null) {
      this.logger.warn('device token missing from the secret store; the terminal must be enrolled again');
      return null;
    }
    return { serverUrl, token };
  }
}

function enrollmentError(error: unknown): unknown {
  if (!(error instanceof SyncHttpError)) return error;
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'aborted':
      return new ResultErrorException('OFFLINE', `${error.message} : vérifiez l'adresse du serveur et le réseau`);
    case 'update-required':
      return new ResultErrorException('UPDATE_REQUIRED', error.message);
    case 'refused':
    case 'unauthorized':
      // A field the server's validation refused (a list of details): not the code's fault.
      if (error.details.length > 0) return new ResultErrorException('ENROLLMENT_FAILED', error.serverMessage ?? error.message);
      // The enroll route answers 400/401 for an expired, used or mistyped code.
      return new ResultErrorException('ENROLLMENT_CODE_REFUSED', error.serverMessage ?? error.message);
    case 'server':
      if (error.status === 404) {
        // Seri's enroll route answers 404 with its JSON body for an unknown code; a 404
        // without one means the address is not a Seri server (a typo in the URL, another site).
        const fromSeri = error.serverMessage !== null && error.serverMessage !== `HTTP ${error.status}`;
        return fromSeri
          ? new ResultErrorException('ENROLLMENT_CODE_REFUSED', error.serverMessage ?? error.message)
          : new ResultErrorException('NOT_A_SERI_SERVER', error.message);
      }
      return new ResultErrorException('ENROLLMENT_FAILED', error.message);
    case 'rate-limited':
    case 'bad-response':
      return new ResultErrorException('ENROLLMENT_FAILED', error.message);
  }
}
