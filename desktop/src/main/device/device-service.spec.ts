import { join } from 'node:path';
import { ResultErrorException, type ErrorCode } from '@seri/shared';
import { FakeSyncServer } from '../../../test/main/fake-sync-server';
import { makeTempDir } from '../../../test/main/factories';
import { OpQueue } from '../queue/op-queue';
import { SyncClient } from '../sync/sync-client';
import { DEVICE_TOKEN_SECRET, DeviceService, normalizeServerUrl } from './device-service';
import { MetaSecretStore } from './meta-secret-store';
import { MemorySecretStore } from './secret-store';

async function codeOf(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ResultErrorException) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ResultErrorException');
}

describe('DeviceService (enrollment and identity)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: FakeSyncServer;
  let queue: OpQueue;
  let secrets: MemorySecretStore;
  let device: DeviceService;

  beforeEach(async () => {
    temp = makeTempDir();
    server = new FakeSyncServer();
    await server.start();
    queue = new OpQueue(join(temp.dir, 'queue.sqlite3'));
    secrets = new MemorySecretStore();
    device = new DeviceService({ queue, secrets, client: new SyncClient({ timeoutMs: 5_000 }) });
  });
  afterEach(async () => {
    queue.close();
    await server.stop();
    temp.cleanup();
  });

  it('starts not enrolled, with nothing to sync with', async () => {
    expect(device.info()).toEqual({ enrolled: false, deviceId: null, deviceName: null, terminalCode: null, serverUrl: null, shop: null });
    await expect(device.connection()).resolves.toBeNull();
  });

  it('enrolls with a code: identity in meta, token in the secret store, never in meta', async () => {
    const info = await device.enroll({ serverUrl: `${server.url}/`, code: server.enrollCode, name: ' Caisse 1 ' });
    expect(info).toMatchObject({ enrolled: true, deviceName: 'Caisse 1', terminalCode: 'T01', serverUrl: server.url, shop: server.shop });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/devices/enroll', body: { code: server.enrollCode, name: 'Caisse 1' } });

    const token = await secrets.get(DEVICE_TOKEN_SECRET);
    expect(server.tokens.has(token!)).toBe(true);
    await expect(device.connection()).resolves.toEqual({ serverUrl: server.url, token });
    for (const key of ['device_id', 'server_url', 'shop', 'terminal_code']) expect(queue.getMeta(key)).not.toContain(token!);

    // It survives a restart of main.
    queue.close();
    queue = new OpQueue(join(temp.dir, 'queue.sqlite3'));
    const again = new DeviceService({ queue, secrets, client: new SyncClient() });
    expect(again.info()).toEqual(info);
  });

  it('refuses a second enrollment', async () => {
    await device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' });
    await expect(codeOf(device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse 2' }))).resolves.toMatchObject({ code: 'ALREADY_ENROLLED' });
  });

  it('says what the server said about a bad code, and stores nothing', async () => {
    const failure = await codeOf(device.enroll({ serverUrl: server.url, code: 'WRONG-CODE', name: 'Caisse 1' }));
    expect(failure).toEqual({ code: 'ENROLLMENT_CODE_REFUSED', message: "Code d'enrôlement invalide ou expiré" });
    expect(device.info().enrolled).toBe(false);
    await expect(secrets.get(DEVICE_TOKEN_SECRET)).resolves.toBeNull();
  });

  it("tells an unknown code (Seri's 404 with its body) from an address that is not a Seri server (a bare 404)", async () => {
    server.fail('/api/devices/enroll', { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'enrollment code WRONG not found' } });
    await expect(codeOf(device.enroll({ serverUrl: server.url, code: 'WRONG', name: 'Caisse 1' }))).resolves.toMatchObject({ code: 'ENROLLMENT_CODE_REFUSED' });
    server.fail('/api/devices/enroll', { status: 404, body: 'Cannot POST /api/devices/enroll' });
    await expect(codeOf(device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' }))).resolves.toMatchObject({ code: 'NOT_A_SERI_SERVER' });
    expect(device.info().enrolled).toBe(false);
  });

  it('reports an unreachable server as OFFLINE and a too-old terminal as UPDATE_REQUIRED', async () => {
    server.fail('/api/devices/enroll', { status: 426, body: { statusCode: 426, error: 'Upgrade Required', message: 'version trop ancienne' } });
    await expect(codeOf(device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' }))).resolves.toEqual({
      code: 'UPDATE_REQUIRED',
      message: 'Mise à jour requise : version trop ancienne',
    });
    const url = server.url;
    await server.stop();
    await expect(codeOf(device.enroll({ serverUrl: url, code: server.enrollCode, name: 'Caisse 1' }))).resolves.toMatchObject({ code: 'OFFLINE' });
  });

  it('lets the worker know when the token is gone (the keychain was reset)', async () => {
    await device.enroll({ serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' });
    await secrets.delete(DEVICE_TOKEN_SECRET);
    await expect(device.connection()).resolves.toBeNull();
  });

  it('normalizes the server URL and refuses anything but http(s) without credentials', () => {
    expect(normalizeServerUrl(' https://pos.example/seri/ ')).toBe('https://pos.example/seri');
    expect(normalizeServerUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(() => normalizeServerUrl('file:///etc/passwd')).toThrow(ResultErrorException);
    expect(() => normalizeServerUrl('https://user:pw@pos.example')).toThrow(ResultErrorException);
    expect(() => normalizeServerUrl('pas une adresse')).toThrow(ResultErrorException);
  });

  it('the headless store keeps the token in meta under its own key (tests and shell only)', async () => {
    const store = new MetaSecretStore(queue);
    await store.set(DEVICE_TOKEN_SECRET, 'tok');
    expect(queue.getMeta('secret:device-token')).toBe('tok');
    await expect(store.get(DEVICE_TOKEN_SECRET)).resolves.toBe('tok');
    await store.delete(DEVICE_TOKEN_SECRET);
    await expect(store.get(DEVICE_TOKEN_SECRET)).resolves.toBeNull();
  });
});
