import { build } from 'esbuild';
import { resolve } from 'node:path';

const desktopRoot = resolve(__dirname, '..', '..', '..');
const sharedRoot = resolve(desktopRoot, '..', 'shared', 'src');

/** Bundles a browser entry of the renderer into one IIFE script, as the app bundler would (shared from sources). */
export async function bundleForBrowser(entry: string): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [resolve(desktopRoot, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    outdir: resolve(desktopRoot, 'out', 'test-bundle'),
    jsx: 'automatic',
    alias: { '@seri/shared': resolve(sharedRoot, 'index.ts') },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}
