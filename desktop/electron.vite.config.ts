import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type RendererViteConfig } from 'electron-vite';
import type { Alias, Plugin } from 'vite';

/**
 * Builds the three parts of the counter app (electron-vite 6 on Vite 8 / Rolldown):
 *   out/main/index.js      main process, CommonJS, dependencies external (electron-builder ships them)
 *   out/preload/index.js   preload, one CommonJS file (sandboxed preloads cannot load chunks)
 *   out/renderer/          static site, relative URLs: loads from file:// in Electron and from
 *                          http://127.0.0.1 in the headless shell alike
 * `@seri/shared` is always bundled from its sources, never required at run time.
 */
const shared = resolve(__dirname, '..', 'shared', 'src');

const sharedAliases: Alias[] = [
  { find: /^@seri\/shared$/, replacement: resolve(shared, 'index.ts') },
  { find: /^@seri\/shared\/dto$/, replacement: resolve(shared, 'dto', 'index.ts') },
];

/** The DTOs need class-validator and legacy decorators: main validates, the renderer never does. */
function keepDtosOutOfRenderer(): Plugin {
  return {
    name: 'seri:no-dto-in-renderer',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@seri/shared/dto' || source.includes('shared/src/dto')) {
        this.error(`the renderer must not import ${source} (from ${importer ?? '?'}); import @seri/shared instead`);
      }
      return null;
    },
  };
}

/**
 * `electron-vite dev` only: Vite's dev server injects an inline React Refresh preamble,
 * inline styles and an HMR websocket, which the app's CSP forbids. The built app keeps
 * index.html's strict policy unchanged.
 */
function devServerCsp(): Plugin {
  return {
    name: 'seri:dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
    },
  };
}

const externalizeDeps = { exclude: ['@seri/shared'] };

export const rendererConfig: RendererViteConfig = {
  root: resolve(__dirname, 'src', 'renderer'),
  base: './',
  resolve: { alias: sharedAliases.slice(0, 1) },
  plugins: [keepDtosOutOfRenderer(), devServerCsp(), react({})],
  build: {
    outDir: resolve(__dirname, 'out', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { input: resolve(__dirname, 'src', 'renderer', 'index.html') },
  },
};

export default defineConfig({
  main: {
    resolve: { alias: sharedAliases },
    // Shared DTOs are TypeScript legacy decorators with metadata (class-validator).
    oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
    build: {
      outDir: resolve(__dirname, 'out', 'main'),
      externalizeDeps,
      sourcemap: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src', 'main', 'electron', 'main.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  preload: {
    resolve: { alias: sharedAliases.slice(0, 1) },
    build: {
      outDir: resolve(__dirname, 'out', 'preload'),
      externalizeDeps,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src', 'preload', 'index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
