import type { z } from 'zod';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import type { Knowledge } from '../search/knowledge.js';
import type { Choice } from '../statements/suggestStatements.js';

export type { Choice };

/**
 * A command: its slash definition (plain data, as Discord receives it), the schema of its options,
 * and a handler that answers from the knowledge. Nothing here knows how the answer is delivered.
 */
export interface Command<S extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for help texts. */
  summary: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  options: S;
  /** Its answers come in pages ("More passages"): the router re-runs it with `offset`. */
  pageable?: boolean;
  run(knowledge: Knowledge, options: z.infer<S>): Answer;
  /** Suggestions for a focused option while the user types. */
  autocomplete?(knowledge: Knowledge, option: string, value: string): Choice[];
}

export function defineCommand<S extends z.ZodType>(command: Command<S>): Command<S> {
  return command;
}
