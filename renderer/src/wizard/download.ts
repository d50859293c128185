/** Offer bytes as a download through a temporary object URL (works the same in Electron and browsers). */
function offer(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoke later: revoking at once can cancel the download in some browsers.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

export function downloadText(name: string, text: string, type = 'text/plain'): void {
  offer(name, new Blob([text], { type: `${type};charset=utf-8` }));
}

/** An archive the Node side built, delivered as base64 over the API. */
export function downloadBase64(name: string, base64: string, type: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  offer(name, new Blob([bytes], { type }));
}
