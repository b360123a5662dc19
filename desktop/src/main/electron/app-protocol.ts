import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

/**
 * The packaged renderer is served as `app://seri/…` rather than from `file://` (Electron's
 * security checklist, "avoid the file protocol"): the page's origin is its own, it cannot
 * read other files on the disk, and the `grantFileProtocolExtraPrivileges` fuse can be off.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'seri';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must run before `app.whenReady()`: a standard, secure scheme gets IndexedDB, module scripts and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** The file inside `rendererDir` that an `app://seri/…` URL names, or null for anything else. */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  // The URL parser already folds `..`; an encoded one (%2e%2e, %5c) is caught here.
  return file.startsWith(`${root}${sep}`) ? file : null;
}

function notFound(): Response {
  return new Response('Not found', { status: 404 });
}

/** After ready: answers `app://seri/…` from the built renderer folder (inside app.asar), 404 for anything else. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (file === null || request.method !== 'GET') return notFound();
    return net.fetch(pathToFileURL(file).toString()).catch(notFound);
  });
}
