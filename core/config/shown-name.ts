// How a file name, a path or a message is shown in one error line: control characters (a newline
// in a file name, an escape sequence) are escaped, so an error is always exactly one line.

/** `s` with every control character written as `\uXXXX` (newlines included). */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A file name as given in a config, fit for an error line: escaped and at most 200 characters. */
export function shownName(name: string): string {
  const s = oneLine(name);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}
