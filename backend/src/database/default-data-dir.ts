import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `<repo>/.data/postgres`, found by walking up to the workspace root, so it is the same
 * folder whether the code runs from src/ (tests, tsx) or from dist/src/ (npm start).
 */
export function defaultDataDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isWorkspaceRoot(manifest)) return join(dir, '.data', 'postgres');
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), '.data', 'postgres');
    dir = parent;
  }
}

function isWorkspaceRoot(manifest: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
    return Array.isArray(parsed.workspaces);
  } catch {
    return false;
  }
}
