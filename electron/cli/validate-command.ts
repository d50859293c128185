import { loadProfile } from './load-profile';
import type { Io } from './output';

/** `v6wizard validate PROFILE`: 0 when valid (warnings on stderr), 1 when not. */
export function validateCommand(file: string, io: Io): number {
  const profile = loadProfile(file, io);
  if (!profile) return 1;
  io.out(`${file}: valid`);
  return 0;
}
