/**
 * Commander handles `--help` before it looks for the command, so `sidecar-ai tset --help` would print the
 * top-level help and exit 0, and a script would take the typo for success. An unknown command fails first.
 */
import type { Command } from 'commander';

export function rejectUnknownCommand(program: Command, args: readonly string[]): void {
  const first = args.find((arg) => !arg.startsWith('-'));
  if (first === undefined || first === 'help') return;
  if (program.commands.some((command) => command.name() === first || command.aliases().includes(first))) return;
  program.error(`error: unknown command '${first}' (commands: ${program.commands.map((command) => command.name()).join(', ')})`, { code: 'commander.unknownCommand', exitCode: 1 });
}
