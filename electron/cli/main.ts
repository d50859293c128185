import { assertNever } from '../../shared/util/assert-never';
import { parseCommand } from './args';
import { exportCommand } from './export-command';
import { processIo, type Io } from './output';
import { USAGE } from './usage';
import { validateCommand } from './validate-command';
import { VERSION } from './version';

/**
 * The v6wizard command line. Returns the exit status instead of exiting, so tests can call it and the
 * bin wrapper sets process.exitCode (letting pending output flush).
 */
export function main(argv: readonly string[], io: Io = processIo): number {
  const command = parseCommand(argv);
  switch (command.kind) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'version':
      io.out(VERSION);
      return 0;
    case 'usage-error':
      io.err(`v6wizard: ${command.message}`);
      io.err(USAGE);
      return 2;
    case 'validate':
      return validateCommand(command.profile, io);
    case 'export':
      return exportCommand(command.profile, command.out, command.tar, io);
    default:
      return assertNever(command);
  }
}
