/**
 * Which page may talk to main. An entry is either a `file:` URL (the packaged renderer's
 * index.html, or a folder ending in `/`) or an origin such as `http://127.0.0.1:5173`
 * (dev server, headless shell) or `app://seri`. Anything else (about:blank, data:,
 * blob:, javascript:, another host or port) is not our renderer.
 */
export type OriginCheck = (url: string | undefined | null) => boolean;

interface Rule {
  protocol: string;
  host: string;
  /** For file: rules only: the exact file, or a folder prefix when it ends with '/'. */
  path: string | null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function toRule(entry: string): Rule {
  const url = parse(entry);
  if (!url) throw new Error(`allowed renderer origin is not a URL: ${entry}`);
  if (url.protocol === 'file:') return { protocol: url.protocol, host: url.host, path: url.pathname };
  if (!url.host) throw new Error(`allowed renderer origin has no host: ${entry}`);
  return { protocol: url.protocol, host: url.host, path: null };
}

function matches(rule: Rule, url: URL): boolean {
  if (url.protocol !== rule.protocol || url.host !== rule.host) return false;
  if (rule.path === null) return true;
  return rule.path.endsWith('/') ? url.pathname.startsWith(rule.path) : url.pathname === rule.path;
}

export function createOriginCheck(allowed: readonly string[]): OriginCheck {
  const rules = allowed.map(toRule);
  return (candidate) => {
    if (typeof candidate !== 'string' || candidate.length === 0) return false;
    const url = parse(candidate);
    // A file URL with `..` segments is normalized by the parser before the comparison.
    return url !== null && rules.some((rule) => matches(rule, url));
  };
}
