/**
 * The longest string an anchored regular expression can match, or undefined when it is
 * unbounded (`*`, `+`, `{n,}`) or uses syntax this reader does not follow (back-references,
 * lookarounds). It lets a `Matches(/^[A-Z]{3}$/)` document its own maxLength (3) without the
 * DTO repeating the number. Counted in UTF-16 units (what a pattern without the u flag matches),
 * never fewer than the characters JSON Schema's maxLength counts, so the bound holds.
 */
export function patternMaxLength(pattern: RegExp | string): number | undefined {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  const reader = new PatternReader(source.slice(1, -1));
  try {
    const length = reader.alternation();
    return reader.done() ? length : undefined;
  } catch {
    return undefined;
  }
}

class PatternReader {
  private at = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  /** a|b|c: the longest branch. */
  alternation(): number {
    let longest = this.sequence();
    while (this.source[this.at] === '|') {
      // `^a|b$` is `(^a)|(b$)`: its branches are not anchored at both ends.
      if (this.depth === 0) throw new Error('unanchored branch');
      this.at += 1;
      longest = Math.max(longest, this.sequence());
    }
    return longest;
  }

  private sequence(): number {
    let total = 0;
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom();
      total += atom * this.quantifier();
    }
    return total;
  }

  private atom(): number {
    const char = this.source[this.at]!;
    if (char === '(') {
      this.at += 1;
      if (this.source[this.at] === '?') {
        // Only non-capturing groups; lookarounds and named groups are not followed.
        if (this.source[this.at + 1] !== ':') throw new Error('unsupported group');
        this.at += 2;
      }
      this.depth += 1;
      const inner = this.alternation();
      this.depth -= 1;
      if (this.source[this.at] !== ')') throw new Error('unclosed group');
      this.at += 1;
      return inner;
    }
    if (char === '[') {
      this.at += 1;
      while (this.at < this.source.length && this.source[this.at] !== ']') this.at += this.source[this.at] === '\\' ? 2 : 1;
      if (this.source[this.at] !== ']') throw new Error('unclosed class');
      this.at += 1;
      return 1;
    }
    if (char === '\\') {
      const next = this.source[this.at + 1];
      if (next === undefined || /[1-9kbB]/.test(next)) throw new Error('unsupported escape');
      // \uXXXX and \xXX are one unit; \u{…} may be two.
      if (next === 'u' && this.source[this.at + 2] === '{') throw new Error('unsupported escape');
      this.at += next === 'u' ? 6 : next === 'x' ? 4 : 2;
      return 1;
    }
    if (char === '^' || char === '$' || char === '*' || char === '+' || char === '?' || char === '{') throw new Error('unsupported position');
    this.at += 1;
    return 1;
  }

  /** How many times the atom may repeat at most; unbounded repeats throw. */
  private quantifier(): number {
    const times = this.times();
    // A lazy quantifier (`??`, `{1,3}?`) matches as much at most.
    if (times !== 1 || this.source[this.at - 1] === '?') {
      if (this.source[this.at] === '?') this.at += 1;
    }
    return times;
  }

  private times(): number {
    const char = this.source[this.at];
    if (char === '?') {
      this.at += 1;
      return 1;
    }
    if (char === '*' || char === '+') throw new Error('unbounded');
    if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!match) throw new Error('bad quantifier');
      this.at += match[0].length;
      if (match[2] !== undefined && match[3] === '') throw new Error('unbounded');
      return Number(match[3] ?? match[1]);
    }
    return 1;
  }
}
