/**
 * The one quoting module. Every string the user typed reaches a Dockerfile or a bash script
 * through one of these functions; instruction and script classes never quote by hand.
 *
 * Four target syntaxes:
 * - bash words (single quotes; `'` becomes `'\''`),
 * - Dockerfile exec form (a JSON array, which Docker parses with a JSON parser),
 * - Dockerfile ENV/LABEL/ARG values (double quotes; Docker's own escapes for `\`, `"`, `$`),
 * - Dockerfile words in instructions that are not run by a shell (WORKDIR, USER, COPY paths),
 *   where Docker still expands `$VAR` and honours `\` escapes.
 */

/**
 * Characters that never need quoting in bash (`=` and `:` are safe outside assignments). A comma
 * is safe to bash but reads as a mistaken separator inside array literals (shellcheck SC2054).
 */
const BASH_SAFE = /^[A-Za-z0-9_@%+=:./-]+$/;

/**
 * Quotes one word for bash so that it reaches the program exactly as given.
 * Plain words stay readable; anything else is single-quoted.
 */
export function shellQuote(word: string): string {
  if (word.length > 0 && BASH_SAFE.test(word)) {
    return word;
  }
  return shellQuoteAlways(word);
}

/**
 * Single-quotes a word even when it is safe, for values whose quoting readers should see
 * (package specifiers: the seed's unquoted `Pillow>=10.0.0` became a shell redirect).
 */
export function shellQuoteAlways(word: string): string {
  // a literal "$", backquote or backslash reads as a mistake inside single quotes (shellcheck SC2016,
  // SC1003), so those words are double-quoted with the four characters still special there escaped
  if (/[$`\\]/.test(word)) {
    return `"${word.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
  }
  return `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** Quotes every word of an argv and joins them into one bash command line. */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) {
    throw new Error('a command needs at least one word');
  }
  // a first word holding "=" would be read as a variable assignment, not a command
  const [first, ...rest] = argv;
  const head = first.includes('=') ? shellQuoteAlways(first) : shellQuote(first);
  return [head, ...rest.map(shellQuote)].join(' ');
}

/**
 * Renders an argv as the JSON array of Dockerfile exec form (ENTRYPOINT, CMD, SHELL, HEALTHCHECK).
 * Invalid JSON there makes Docker silently fall back to shell form, so this is the only way in.
 */
export function jsonArgv(argv: readonly string[]): string {
  return `[${argv.map((word) => JSON.stringify(word)).join(', ')}]`;
}

/**
 * Quotes a value for ENV, LABEL and ARG defaults: double quotes, with `\`, `"` and `$` escaped
 * so that Docker stores the value literally. A newline cannot be written in these instructions.
 */
export function dockerValue(value: string): string {
  rejectNewline(value, 'a dockerfile value');
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/**
 * Escapes a word for WORKDIR, USER, EXPOSE and plain-form COPY: `\` and `$` are escaped so that
 * Docker's variable expansion leaves them alone. Whitespace must be handled by the caller
 * (COPY switches to JSON form; WORKDIR takes the rest of the line).
 */
export function dockerWord(word: string): string {
  rejectNewline(word, 'a dockerfile word');
  if (word.length === 0) {
    throw new Error('a dockerfile word cannot be empty');
  }
  return word.replace(/[\\$]/g, (c) => `\\${c}`);
}

/**
 * Renders COPY/ADD sources and destination: plain form when every path is a simple word,
 * JSON form (which allows spaces) otherwise. `$` is escaped in both forms.
 */
export function dockerPathList(paths: readonly string[]): string {
  const escaped = paths.map((p) => dockerWord(p));
  if (escaped.every((p) => /^[^\s"'[\]]+$/.test(p))) {
    return escaped.join(' ');
  }
  return jsonArgv(escaped);
}

/** Picks a heredoc delimiter that does not occur as a line of the body. */
export function heredocDelimiter(body: string, base = 'EOF'): string {
  const lines = new Set(body.split('\n'));
  let candidate = base;
  for (let i = 1; lines.has(candidate); i++) {
    candidate = `${base}_${i}`;
  }
  return candidate;
}

/** Renders one `KEY=value` pair for ENV/LABEL/ARG with the value quoted. */
export function dockerKeyValue(key: string, value: string): string {
  return `${dockerKey(key)}=${dockerValue(value)}`;
}

/** Keys of ENV/ARG must be identifiers; LABEL keys may also hold dots and dashes. */
export function dockerKey(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
    throw new Error(`invalid key "${key}": use letters, digits, "_", "." or "-", not starting with a digit`);
  }
  return key;
}

function rejectNewline(value: string, what: string): void {
  if (/[\r\n]/.test(value)) {
    throw new Error(`${what} cannot contain a newline, got ${JSON.stringify(value)}`);
  }
}
