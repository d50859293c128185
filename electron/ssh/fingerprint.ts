import { createHash } from 'node:crypto';

/** OpenSSH's `SHA256:` fingerprint of a public key blob: SHA-256, base64 without the `=` padding. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('host key blob too short');
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length)
    throw new Error('host key blob has no key type');
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}
