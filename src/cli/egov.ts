import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError, VARIABLES } from '../config.ts';
import { StartupError } from '../platform/db/configured.ts';
import { DataDirBusyError } from '../platform/db/lock.ts';
import { commands } from './commands.ts';

export interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number | undefined>;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    'Usage: egov <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "egov <command> --help" for the options of a command.',
    '',
    'Configuration (environment variables):',
    ...VARIABLES.map(
      (v) => `  ${v.name.padEnd(20)} ${v.meaning}${v.fallback ? ` (default ${v.fallback})` : ''}`,
    ),
  ].join('\n');
}

/** Finds the longest command name matching the arguments, so "seed demo" and "stats report" read naturally. */
function findCommand(argv: string[]): { name: string; rest: string[] } | undefined {
  for (let words = Math.min(2, argv.length); words >= 1; words--) {
    const name = argv.slice(0, words).join(' ');
    if (commands[name]) return { name, rest: argv.slice(words) };
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(mainHelp());
    return argv.length === 0 ? 1 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command: ${argv.join(' ')}\n\n${mainHelp()}`);
    return 1;
  }
  const command = commands[found.name] as Command;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: found.rest,
      options: { help: { type: 'boolean', short: 'h' }, ...command.options },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: ${command.usage}`);
    return 1;
  }
  if (parsed.values.help) {
    console.log(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return (await command.run(parsed)) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error('The configuration is not valid:');
      for (const p of error.problems)
        console.error(`  ${p.name}: given ${JSON.stringify(p.given)}, expected ${p.expected}`);
    } else if (
      error instanceof DataDirBusyError ||
      error instanceof StartupError ||
      error instanceof UsageError
    ) {
      console.error((error as Error).message);
    } else {
      console.error(error);
    }
    return 1;
  }
}

export class UsageError extends Error {}

// A running server keeps the process alive; every other command ends when its work is done.
process.exitCode = await main(process.argv.slice(2));
