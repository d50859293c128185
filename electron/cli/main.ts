import { assertNever } from '../../shared/util/assert-never';
import { parseCommand } from './args';
import { detectCommand } from './detect-command';
import { exportCommand } from './export-command';
import { forgetHostCommand } from './forget-host-command';
import { applyCommand } from './apply-command';
import { planCommand } from './plan-command';
import { rollbackCommand } from './rollback-command';
import { processIo, type Io } from './output';
import { statusCommand } from './status-command';
import { USAGE } from './usage';
import { validateCommand } from './validate-command';
import { VERSION } from './version';

/**
 * The v6wizard command line. Returns the exit status instead of exiting, so tests can call it and the
 * bin wrapper awaits it and sets process.exitCode (letting pending output flush).
 */
export function main(argv: readonly string[], io: Io = processIo): number | Promise<number> {
  // Commands that talk to a router parse their own options (remote-args.ts) and are asynchronous.
  if (argv[0] === 'detect') return detectCommand(argv.slice(1), io);
  if (argv[0] === 'status') return statusCommand(argv.slice(1), io);
  if (argv[0] === 'forget-host') return forgetHostCommand(argv.slice(1), io);
  if (argv[0] === 'plan') return planCommand(argv.slice(1), io);
  if (argv[0] === 'apply') return applyCommand(argv.slice(1), io);
  if (argv[0] === 'rollback') return rollbackCommand(argv.slice(1), io);
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
