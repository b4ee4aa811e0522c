/**
 * Where the browser may go after signing in: a path of the console itself, never another site. The requested
 * callback is parsed against the console's own origin (so `//evil.example` and `/\evil.example`, which browsers read
 * as another host, resolve to it and are refused); backslashes and control characters are refused outright, also
 * when percent-encoded. Anything refused sends the user to the overview. Pure, for the login form.
 */
const FORBIDDEN = /[\\\u0000-\u001f\u007f]/;

function decodedRepeatedly(text: string): string {
  let current = text;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) return current;
      current = next;
    } catch {
      return current;
    }
  }
  return current;
}

export function safeCallbackPath(requested: string | null | undefined, origin: string): string {
  if (!requested || !requested.startsWith('/')) return '/';
  const decoded = decodedRepeatedly(requested);
  if (FORBIDDEN.test(requested) || FORBIDDEN.test(decoded) || decoded.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(requested, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
