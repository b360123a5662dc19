import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultErrorException } from '@seri/shared';
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../device/secret-store';

type Encryptor = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>;

const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Secrets encrypted by the OS keychain through Electron's safeStorage, one file per key in
 * a folder of userData. The clear value never touches the disk.
 */
export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly safeStorage: Encryptor,
    private readonly dir: string,
  ) {}

  async get(key: string): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(encrypted);
    // The keychain rotated its key: store the secret again under the new one.
    if (shouldReEncrypt) await this.set(key, result);
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new ResultErrorException('ENROLLMENT_FAILED', "Le trousseau du système n'est pas disponible : impossible de protéger le jeton du terminal");
    }
    const encrypted = await this.safeStorage.encryptStringAsync(value);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.tmp`;
    // Write then rename: a crash leaves the old secret or the new one, never half of one.
    await writeFile(temporary, encrypted, { mode: 0o600, flush: true });
    await rename(temporary, file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  private file(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid secret key: ${key}`);
    return join(this.dir, `${key}.bin`);
  }
}
