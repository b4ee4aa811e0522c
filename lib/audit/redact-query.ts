/**
 * A statement's text fit for the audit log: the session a backend was running may hold secrets in its literals
 * (`ALTER ROLE app PASSWORD 'secret'`, a token in a WHERE clause) or its comments. Literals become `?` as
 * pg_stat_statements writes `$n`, comments go; the shape of the statement stays readable. Pure.
 */

/** Dollar-quoted strings ($$…$$, $tag$…$tag$), quoted strings (with '' and, in E'…', \' escapes), comments, numbers. */
const LITERALS =
  /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|[eE]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|\/\*[\s\S]*?\*\/|--[^\n]*|(?<![\w$"])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

export function redactQueryText(text: string): string {
  return text
    .replace(LITERALS, (match) => (match.startsWith('/*') || match.startsWith('--') ? ' ' : '?'))
    .replace(/[ \t]+/g, ' ')
    .trim();
}
