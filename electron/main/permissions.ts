/**
 * Which web permissions the page gets: none, with one exception. Electron grants every permission by
 * default (camera, microphone, notifications, geolocation, …); the wizard needs none of them
 * (security checklist #5), so both the request and the check handler say no.
 * The exception is `clipboard-sanitized-write` for our own page: "Copy install.sh" writes plain text to
 * the clipboard. Writing cannot read anything, and sanitized means no active content; reading the
 * clipboard (`clipboard-read`) stays denied.
 */
export function allowPermission(
  permission: string,
  origin: string | undefined,
  trustedOrigins: readonly string[],
): boolean {
  return (
    permission === 'clipboard-sanitized-write' && origin !== undefined && trustedOrigins.includes(origin)
  );
}
