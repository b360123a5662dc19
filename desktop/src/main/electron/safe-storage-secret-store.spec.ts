import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultErrorException } from '@seri/shared';
import { FakeSafeStorage } from '../../../test/main/electron-stand-in';
import { makeTempDir } from '../../../test/main/factories';
import { SafeStorageSecretStore } from './safe-storage-secret-store';

describe('SafeStorageSecretStore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let safeStorage: FakeSafeStorage;
  let store: SafeStorageSecretStore;

  beforeEach(() => {
    temp = makeTempDir();
    safeStorage = new FakeSafeStorage();
    store = new SafeStorageSecretStore(safeStorage, join(temp.dir, 'secrets'));
  });
  afterEach(() => temp.cleanup());

  it('keeps the token encrypted on disk and gives it back', async () => {
    await expect(store.get('device-token')).resolves.toBeNull();
    await store.set('device-token', 'tok-0123456789');
    await expect(store.get('device-token')).resolves.toBe('tok-0123456789');
    const files = readdirSync(join(temp.dir, 'secrets'));
    expect(files).toEqual(['device-token.bin']);
    expect(readFileSync(join(temp.dir, 'secrets', files[0]!), 'utf8')).not.toContain('tok-0123456789');
    await store.delete('device-token');
    await expect(store.get('device-token')).resolves.toBeNull();
  });

  it('re-encrypts a secret when the keychain rotated its key', async () => {
    await store.set('device-token', 'tok');
    const spy = jest.spyOn(safeStorage, 'encryptStringAsync');
    safeStorage.reEncrypt = true;
    await expect(store.get('device-token')).resolves.toBe('tok');
    expect(spy).toHaveBeenCalledWith('tok');
  });

  it('refuses to store a secret in clear when no keychain is available', async () => {
    safeStorage.available = false;
    await expect(store.set('device-token', 'tok')).rejects.toBeInstanceOf(ResultErrorException);
    await expect(store.get('device-token')).resolves.toBeNull();
  });

  it('refuses keys that could leave its folder', async () => {
    await expect(store.set('../escape', 'x')).rejects.toThrow(/invalid secret key/);
  });
});
