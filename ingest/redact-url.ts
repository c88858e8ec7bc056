// Masks credentials in stream URLs (user:password@ and secret query parameters) before a URL
// reaches a log line, an error message, a process title or the API.

const SECRET_PARAMS = /([?&](?:password|passwd|pwd|pass|token|auth|key|secret)=)[^&#\s]*/gi;

/** `rtsp://admin:secret@10.0.0.5/s1?token=x` -> `rtsp://***@10.0.0.5/s1?token=***`. Works inside longer text too. */
export function redactUrl(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(SECRET_PARAMS, '$1***');
}

/** Replaces every occurrence of the given secrets (e.g. a camera's password) in `text`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(text);
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join('***');
    if (s && s.length >= 3) out = out.split(encodeURIComponent(s)).join('***');
  }
  return out;
}
