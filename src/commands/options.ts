import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { SEARCH, STATEMENTS } from '../config/constants.js';
import type { OptionDefinition, OptionWording } from './declaration.js';

/** Options shared by several commands, declared once as data, and how their refusals are worded. */

export const questionOption = {
  type: ApplicationCommandOptionType.String,
  name: 'question',
  description: 'Your question, e.g. "how many troops did North Korea send?"',
  required: true,
  autocomplete: true,
  max_length: SEARCH.maxQueryLength,
} as const satisfies OptionDefinition;

export const statementOption = {
  type: ApplicationCommandOptionType.String,
  name: 'statement',
  description: 'Which statement: a date, a name or words of its title (e.g. "December statement")',
  required: false,
  autocomplete: true,
  max_length: STATEMENTS.maxTextLength,
} as const satisfies OptionDefinition;

export const partyOption = {
  type: ApplicationCommandOptionType.String,
  name: 'party',
  description: 'Did this country or body sign? (e.g. "New Zealand", "the EU")',
  required: false,
  max_length: STATEMENTS.maxPartyLength,
} as const satisfies OptionDefinition;

/** Every command offers this; the Discord side makes the reply visible only to the user. */
export const privateOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Show the answer only to you',
  required: false,
} as const satisfies OptionDefinition;

/** How the shared options' refusals read. */
export const OPTION_WORDING = {
  question: {
    required: 'a question is required',
    empty: 'the question is empty: type what you want to know',
    tooLong: (max) => `the question is too long: keep it under ${max} characters`,
  },
  statement: { tooLong: (max) => `the statement text can be at most ${max} characters` },
  party: { tooLong: (max) => `the country or body can be at most ${max} characters` },
} as const satisfies Record<string, OptionWording>;
