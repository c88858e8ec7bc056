// Masks credentials in stream URLs (user:password@ and secret query parameters) before a URL
// reaches a log line, an error message, a source id or the API.

/**
 * `scheme://` then the userinfo, which ends at the last `@` before the path, query or fragment
 * (ffmpeg splits it the same way, so a raw `@` inside a password is masked whole).
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"]*(?:@[^\s/?#@'"]*)*@/gi;
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
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url);
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
