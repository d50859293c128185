import type { Config } from 'node-ssh';
import { assertNever } from '../../shared/util/assert-never';
import type { Credentials } from './types';

/** Keepalive every 15 s, give up after 4 missed answers (~1 minute): a dead router is noticed, a slow one is not dropped. */
export const KEEPALIVE_INTERVAL_MS = 15_000;
export const KEEPALIVE_COUNT_MAX = 4;
/** From TCP connect to authenticated; a router on a slow link or under TCG emulation still fits. */
export const READY_TIMEOUT_MS = 20_000;

/** The prompts ssh2 passes to the keyboard-interactive handler. */
interface Prompt {
  prompt: string;
  echo?: boolean;
}

/**
 * The credential part of the node-ssh config. A password is offered both as `password` and as the
 * answer to keyboard-interactive password prompts (Debian's sshd with PAM asks that way); a prompt
 * that echoes (a question, not a secret) or does not ask for a password gets an empty answer, so
 * the password is never sent to a prompt that did not ask for it.
 */
export function credentialConfig(credentials: Credentials, env: NodeJS.ProcessEnv = process.env): Config {
  switch (credentials.kind) {
    case 'key':
      return credentials.passphrase !== undefined
        ? { privateKeyPath: credentials.identityFile, passphrase: credentials.passphrase }
        : { privateKeyPath: credentials.identityFile };
    case 'agent': {
      const socket = credentials.socket ?? env['SSH_AUTH_SOCK'];
      return socket !== undefined && socket !== '' ? { agent: socket } : {};
    }
    case 'password': {
      const { password } = credentials;
      return {
        password,
        tryKeyboard: true,
        onKeyboardInteractive: (
          _name: string,
          _instructions: string,
          _lang: string,
          prompts: Prompt[],
          finish: (answers: string[]) => void,
        ) => {
          finish(prompts.map((p) => (p.echo !== true && /password/i.test(p.prompt) ? password : '')));
        },
      };
    }
    default:
      return assertNever(credentials);
  }
}
