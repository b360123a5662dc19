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

const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
} satisfies Config['projects'] extends (infer P)[] | undefined ? Exclude<P, string> : never;

const config: Config = {
  verbose: true,
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'shared', rootDir: 'shared', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'backend',
      rootDir: 'backend',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      setupFiles: ['reflect-metadata'],
    },
    {
      ...base,
      displayName: 'desktop',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      setupFiles: ['reflect-metadata'],
    },
    {
      ...base,
      displayName: 'e2e',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      testPathIgnorePatterns: ['<rootDir>/e2e/electron/'],
      setupFiles: ['reflect-metadata'],
      globalSetup: '<rootDir>/e2e/global-setup.ts',
    },
    {
      ...base,
      displayName: 'electron',
      rootDir: 'desktop',
      testMatch: ['<rootDir>/e2e/electron/**/*.e2e.ts'],
    },
    { ...base, displayName: 'scripts', rootDir: 'scripts', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
  ],
};

export default config;
