// Decodes the %XX escapes of a URL's user name or password the way ffmpeg does (`ff_urldecode`):
// a `%` not followed by two hex digits stays a literal `%`, so a raw `%` in a password is a
// password character instead of a crash (decodeURIComponent throws "URI malformed" on it).

/** 'p%40ss' -> 'p@ss', '100%' -> '100%', '%zz' -> '%zz'; bytes are read as UTF-8. */
export function percentDecode(s: string): string {
  const raw = Buffer.from(s, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length ? raw.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
