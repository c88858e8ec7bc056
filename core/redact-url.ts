// Masks credentials in stream URLs (user:password@ and secret query parameters) before a URL
// reaches a log line, an error message, a source id or the API. In core/ because the logger masks
// every string it writes with it (core/logger.ts).

/**
 * `scheme://` then everything up to the last `@` before whitespace or a quote. Parsers disagree on
 * where a userinfo ends when a password holds a raw `@`, `/`, `#`, `?` or `%` (ffmpeg, WHATWG and
 * GStreamer each split differently), so this masks generously: an `@` later in a path masks the
 * host and path before it too, which costs a little detail and never a password.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s'"<>]*@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pwd|pass|token|access_token|auth|key|secret|signature)=)[^&#\s'"]*/gi;

/** `rtsp://admin:secret@10.0.0.5/s1?token=x` -> `rtsp://***@10.0.0.5/s1?token=***`. Works inside longer text too. */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(SECRET_PARAMS, '$1***');
}

/** Replaces every occurrence of the given secrets (e.g. a camera's password) in `text`, raw and URL-encoded. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    // Shorter strings would mask ordinary words ("a", "ab") all over the message.
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/** The user name and password written in a URL, decoded, for {@link redactSecrets}; empty for paths. */
export function urlSecrets(url: string): string[] {
  // Same generous split as USERINFO: with a raw '/' or '#' in the password the part after it is secret too.
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^\s'"<>]*)@/i.exec(url);
  if (!m) return [];
  const userinfo = m[1];
  const colon = userinfo.indexOf(':');
  const parts = colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  return [...new Set(parts.flatMap((p) => [p, safeDecode(p)]))].filter((p) => p.length > 0);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // not valid percent-encoding: the raw form is all there is to mask
  }
}
