import type { SecretStore } from './secret-store';

interface MetaTable {
  getMeta(key: string): string | null;
  setMeta(key: string, value: string | null): void;
}

/**
 * Keeps secrets in the queue's meta table, in clear. For tests and the headless shell
 * only, where no OS keychain exists; the Electron app uses safeStorage instead.
 */
export class MetaSecretStore implements SecretStore {
  constructor(private readonly meta: MetaTable) {}

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.meta.getMeta(`secret:${key}`));
  }

  set(key: string, value: string): Promise<void> {
    this.meta.setMeta(`secret:${key}`, value);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.meta.setMeta(`secret:${key}`, null);
    return Promise.resolve();
  }
}
