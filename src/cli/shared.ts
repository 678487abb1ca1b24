import { resolve } from 'node:path';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { SEARCH } from '../config/constants.js';
import { allOptionsOf, type CommandDeclaration, type OptionDefinition } from '../commands/declaration.js';
import { declarations } from '../commands/definitions.js';

/** Exit statuses of the CLI contract: 1 is a broken corpus or a refused change, 2 bad usage. */
export const EXIT = { ok: 0, brokenCorpus: 1, refused: 1, usage: 2 } as const;

/** Bad usage: reported on one line of stderr, exit 2. */
export class UsageError extends Error {}

/** The option a command takes as its text on the command line: its first text option ("question", "statement"). */
export function textOptionOf(declaration: CommandDeclaration): OptionDefinition | undefined {
  return declaration.definition.options.find((o) => o.type === ApplicationCommandOptionType.String);
}

/** Every option the terminal takes as a flag, from the declarations: each command's options but its text and `private` (a Discord matter), and the page options. */
const COMMAND_FLAGS = Object.fromEntries(
  declarations.flatMap((d) =>
    allOptionsOf(d, SEARCH.maxLimit)
      .filter((o) => o !== textOptionOf(d) && o.type !== ApplicationCommandOptionType.Boolean)
      .map((o) => [o.name, { type: 'string' as const }]),
  ),
);

/** The main CLI's options (the corpus moderation commands skip their values when finding the command words). */
export const MAIN_OPTIONS = {
  json: { type: 'boolean', default: false },
  corpus: { type: 'string' },
  ...COMMAND_FLAGS,
  stdin: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The command flags (`--limit`, `--party`, …), as the main CLI's options name them. */
export const COMMAND_FLAG_NAMES: readonly string[] = Object.keys(COMMAND_FLAGS);

/**
 * `--limit -1` as `--limit=-1`: parseArgs takes a value that starts with a dash for an option
 * ("ambiguous"), so a negative number would be refused in its words, not the option's own check.
 */
export function joinNegativeValues(
  argv: readonly string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The corpus directory: --corpus, else CORPUS_DIR, else ./corpus. */
export function corpusDirOf(option: string | undefined): string {
  return resolve(option ?? (process.env.CORPUS_DIR || 'corpus'));
}

/** Whether an error is bad usage: ours, or node:util parseArgs refusing the arguments. */
export function isUsageError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}

/** Reports bad usage on stderr and returns the usage exit status. */
export function reportUsage(error: Error): number {
  process.stderr.write(`usage: ${error.message.split('\n')[0]} (see --help)\n`);
  return EXIT.usage;
}
