/** The code inside a scanned QR: the QR may hold the bare code or a link ending in ?code=… or /code. */
export function codeFrom(raw: string): string {
  const s = raw.trim();
  try {
    const u = new URL(s);
    return (u.searchParams.get('code') ?? u.pathname.split('/').filter(Boolean).pop() ?? '').trim();
  } catch {
    return s;
  }
}
