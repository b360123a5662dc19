import { CONFIG_VARIABLES, ConfigError, readBackendConfig } from './backend-config';

describe('readBackendConfig', () => {
  it('gives every default with an empty environment', () => {
    const config = readBackendConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      pgPort: 5433,
      poolSize: 10,
      jwtSecret: null,
      log: { level: 'info', format: 'pretty' },
      metrics: { token: null, allow: [] },
      trustProxy: null,
      shutdownGraceMs: 10_000,
    });
    expect(config.dataDir).toMatch(/\.data\/postgres$/);
  });

  it('reads each variable, JSON logs in production, and takes an empty variable as unset', () => {
    const config = readBackendConfig({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://seri:secret@db.example:5432/seri',
      SERI_DB_POOL_SIZE: '25',
      SERI_METRICS_TOKEN: 'a-scrape-token-of-some-length',
      SERI_METRICS_ALLOW: '10.0.0.0/8, 127.0.0.1,::1',
      SERI_SHUTDOWN_GRACE_MS: '',
    });
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', poolSize: 25, log: { format: 'json' }, shutdownGraceMs: 10_000 });
    expect(config.metrics.allow).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://db/seri'],
    ['DATABASE_URL', 'postgres://'],
    ['SERI_PG_PORT', '0'],
    ['SERI_DB_POOL_SIZE', '0'],
    ['SERI_DB_POOL_SIZE', '1e3'],
    ['SERI_JWT_SECRET', 'short'],
    ['SERI_LOG_LEVEL', 'verbose'],
    ['SERI_LOG_FORMAT', 'xml'],
    ['SERI_METRICS_TOKEN', 'short'],
    ['SERI_METRICS_ALLOW', '10.0.0.0/33'],
    ['SERI_METRICS_ALLOW', 'example.com'],
    ['NODE_ENV', 'staging'],
    ['SERI_SHUTDOWN_GRACE_MS', 'soon'],
  ])('[bad-input] a bad %s (%s) is refused with one line naming it', (variable, value) => {
    let error: unknown = null;
    try {
      readBackendConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message).not.toContain('\n');
  });

  it('never shows a secret in its message', () => {
    expect(() => readBackendConfig({ SERI_JWT_SECRET: 'tooshort-secret' })).toThrow(/<15 characters>/);
    expect(() => readBackendConfig({ DATABASE_URL: 'postgres://seri:hunter2@' })).not.toThrow(/hunter2/);
  });

  it('lists every variable it reads', () => {
    expect(CONFIG_VARIABLES).toContain('DATABASE_URL');
    expect(new Set(CONFIG_VARIABLES).size).toBe(CONFIG_VARIABLES.length);
  });
});
