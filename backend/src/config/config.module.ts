import { type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { BackendConfig } from './backend-config';

/** What services inject to read the configuration: `config.get('metrics', { infer: true })`. */
export type BackendConfigService = ConfigService<BackendConfig, true>;
export { ConfigService };

/**
 * Nest's ConfigModule holding the configuration the server validated before it started
 * (readBackendConfig): the environment is read once, there, and nowhere in the modules.
 */
export function backendConfigModule(config: BackendConfig): Promise<DynamicModule> {
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...config })] });
}
