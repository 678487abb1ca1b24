import type { z } from 'zod';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import { SEARCH } from '../config/constants.js';
import type { Knowledge } from '../search/knowledge.js';
import type { Choice } from '../statements/suggestStatements.js';
import { allOptionsOf, optionsSchema, slashBody, type ArgumentsOf, type CommandDeclaration } from './declaration.js';

export type { Choice };

/**
 * A command: its slash definition (plain data, as Discord receives it), the schema of its options,
 * and a handler that answers from the knowledge. Nothing here knows how the answer is delivered.
 * Built by `defineCommand` from a declaration (definitions.ts), so each of these is said once.
 */
export interface Command<A = unknown> {
  name: string;
  /** One line for help texts. */
  summary: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Validates and fills in the arguments: derived from the declaration, checking what it declares and nothing else. */
  options: z.ZodType<A>;
  /** Whether its answers come in pages (`limit` and `offset` arguments; "More passages" on Discord). */
  pageable?: boolean;
  /** Citations per page when no `limit` is given (pageable commands). */
  pageSize?: number;
  run(knowledge: Knowledge, options: A): Answer;
  /** Suggestions for a focused option while the user types. */
  autocomplete?(knowledge: Knowledge, option: string, value: string): Choice[];
}

export interface CommandHandler<A> {
  run(knowledge: Knowledge, options: A): Answer;
  autocomplete?(knowledge: Knowledge, option: string, value: string): Choice[];
}

/** A command from its declaration and its handler: the name, definition, summary, paging and argument schema all come from the declaration. */
export function defineCommand<const D extends CommandDeclaration>(
  declaration: D,
  handler: CommandHandler<ArgumentsOf<D>>,
): Command<ArgumentsOf<D>> {
  const defaults = declaration.pageable ? { limit: declaration.pageSize ?? SEARCH.defaultLimit, offset: 0 } : {};
  return {
    name: declaration.definition.name,
    summary: declaration.summary,
    definition: slashBody(declaration.definition),
    options: optionsSchema(allOptionsOf(declaration, SEARCH.maxLimit), declaration.wording, defaults) as z.ZodType<
      ArgumentsOf<D>
    >,
    ...(declaration.pageable ? { pageable: true, pageSize: defaults.limit } : {}),
    ...handler,
  };
}
