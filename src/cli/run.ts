import { AgentwallError } from '../errors.js';
import { type CliIO, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `agentwall — security firewall and zero-trust tool sandbox for AI agents

Usage: agentwall <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`agentwall <command> --help\` for a command's options.`;
}

/** Runs the CLI and returns the exit code. Errors become a message on stderr, never a stack. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('agentwall 0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`agentwall: unknown command "${name.slice(0, 64)}"\n\n${mainHelp()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(
        `agentwall ${command.name}: ${err.message}\nRun \`agentwall ${command.name} --help\` for usage.\n`,
      );
      return 2;
    }
    if (err instanceof AgentwallError) {
      io.stderr.write(`agentwall ${command.name}: ${err.detail}\n`);
      return err.code === 'config_invalid' || err.code === 'policy_invalid' ? 2 : 1;
    }
    io.stderr.write(`agentwall ${command.name}: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}
