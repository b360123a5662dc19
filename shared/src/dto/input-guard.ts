/**
 * What no field of any input may hold, whatever its DTO says: the rules of the input
 * boundary shared by the server (HTTP bodies, queries) and main (IPC payloads).
 *
 * - NUL (U+0000): PostgreSQL text and jsonb cannot hold it, and a receipt printer stops at it.
 * - Lone surrogates (half of a UTF-16 pair): not text at all; PostgreSQL refuses them in jsonb
 *   and stores U+FFFD elsewhere, changing what was sent.
 * - Nesting deeper than MAX_INPUT_DEPTH: no message of ours is deeper than 8, and a value
 *   thousands deep would exhaust the stack of every recursive walk behind the boundary.
 */
export const MAX_INPUT_DEPTH = 32;

/** `\p{Surrogate}` with the `u` flag only matches a surrogate that is not half of a pair. */
const LONE_SURROGATE = /\p{Surrogate}/u;

export type InputProblem = 'nul' | 'surrogate' | 'depth';

export function textProblem(text: string): InputProblem | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

/** The message every side gives for a problem at a path (`ops.0.payload.note`). */
export function inputProblemMessage(problem: InputProblem, path: string, isKey = false): string {
  const where = isKey ? `${path} (a key)` : path;
  switch (problem) {
    case 'nul':
      return `${where} must not contain the NUL character`;
    case 'surrogate':
      return `${where} must not contain a lone UTF-16 surrogate`;
    case 'depth':
      return `${where} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
  }
}

/**
 * One pass over a value already parsed (an IPC payload, a query): the first string or key
 * holding NUL or a lone surrogate, or the first object nested too deep, as a message naming
 * its path; null when there is none. Bounded by the depth limit, so a cyclic value (a
 * structured clone can be) ends too.
 */
export function findHostileInput(value: unknown, path = ''): string | null {
  return walk(value, path, 0);
}

const at = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

function walk(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? inputProblemMessage(problem, path || 'payload') : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return inputProblemMessage('depth', path || 'payload');
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = walk(value[index], at(path, index), depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const problem = textProblem(key);
    // The key itself goes into the message escaped, so the message carries no NUL or surrogate.
    if (problem) return inputProblemMessage(problem, at(path, JSON.stringify(key)), true);
    const child = at(path, key);
    const found = walk((value as Record<string, unknown>)[key], child, depth + 1);
    if (found) return found;
  }
  return null;
}
