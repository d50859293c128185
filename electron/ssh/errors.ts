import { sshErrorMessage, type SshErrorCode, type SshErrorDetails } from '../../shared/detect/ssh-errors';

/** An SSH failure with a stable code; the message is the one the UI shows (shared/detect/ssh-errors.ts). */
export class SshError extends Error {
  readonly code: SshErrorCode;
  readonly details: SshErrorDetails;

  constructor(code: SshErrorCode, details: SshErrorDetails) {
    super(sshErrorMessage(code, details));
    this.name = 'SshError';
    this.code = code;
    this.details = details;
  }
}

/** Whether a value is an SshError (with a code the callers can switch on). */
export const isSshError = (e: unknown): e is SshError => e instanceof SshError;
