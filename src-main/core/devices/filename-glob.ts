/**
 * Glob matching for the file-name part of a port pattern such as /tmp/station-ptys/board-*: the
 * directory part is literal, the name part understands `*` (any run of characters, none included),
 * `?` (one character) and `[abc]` / `[a-z]` / `[!abc]` classes. Throws TypeError on an unclosed class
 * or a pattern with wildcards in its directory part.
 */

export interface FilenameGlob {
  directory: string;
  matches(fileName: string): boolean;
}

export function hasGlobCharacters(text: string): boolean {
  return /[*?[]/.test(text);
}

/** Splits port patterns as an operator writes them into explicit paths and globs (PortDiscoveryOptions). */
export function splitPathsAndGlobs(patterns: readonly string[]): { paths: string[]; globs: string[] } {
  return {
    paths: patterns.filter((pattern) => !hasGlobCharacters(pattern)),
    globs: patterns.filter((pattern) => hasGlobCharacters(pattern)),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Compiles the name part of a glob (no "/") into an anchored RegExp. */
export function compileNameGlob(pattern: string): RegExp {
  if (pattern.includes('/')) throw new TypeError(`a file-name glob cannot contain "/": ${pattern}`);
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close < 0) throw new TypeError(`unclosed "[" in glob ${pattern}`);
      let body = pattern.slice(index + 1, close);
      const isNegated = body.startsWith('!');
      if (isNegated) body = body.slice(1);
      const escaped = body.replace(/[\\\]^]/g, '\\$&');
      source += `[${isNegated ? '^' : ''}${escaped}]`;
      index = close;
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

/** Splits "/dir/name-glob" into the literal directory and a name matcher. */
export function parseFilenameGlob(pattern: string): FilenameGlob {
  if (typeof pattern !== 'string' || pattern === '') throw new TypeError('glob pattern must be a non-empty string');
  const slash = pattern.lastIndexOf('/');
  const directory = slash < 0 ? '.' : slash === 0 ? '/' : pattern.slice(0, slash);
  const name = pattern.slice(slash + 1);
  if (hasGlobCharacters(directory)) throw new TypeError(`only the file-name part of ${pattern} may hold wildcards`);
  if (name === '') throw new TypeError(`glob ${pattern} has no file-name part`);
  const regex = compileNameGlob(name);
  return { directory, matches: (fileName) => !fileName.startsWith('.') && regex.test(fileName) };
}
