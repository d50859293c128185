import { describe, expect, it } from 'vitest';
import { SSH_ERROR_CODES } from '../detect/ssh-errors';
import { ERROR_CODES } from './contract';

describe('IPC error codes', () => {
  it('carry every SSH error code, so the page can show the SSH layer’s sentence for it', () => {
    for (const code of SSH_ERROR_CODES) expect(ERROR_CODES).toContain(code);
  });
});
