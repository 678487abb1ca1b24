import { z } from 'zod';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { SEARCH, STATEMENTS } from '../config/constants.js';

/** Option schemas and slash options shared by several commands. */

export const limitSchema = z.coerce
  .number({ message: 'limit must be a number' })
  .int('limit must be a whole number')
  .min(1, 'limit must be at least 1')
  .max(SEARCH.maxLimit, `limit can be at most ${SEARCH.maxLimit}`);

export const offsetSchema = z.coerce
  .number({ message: 'offset must be a number' })
  .int('offset must be a whole number')
  .min(0, 'offset must be 0 or more')
  .default(0);

export const statementTextSchema = z
  .string()
  .trim()
  .max(STATEMENTS.maxTextLength, `the statement text can be at most ${STATEMENTS.maxTextLength} characters`)
  .optional();

export const statementOption: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.String,
  name: 'statement',
  description: 'Which statement: a date, a name or words of its title (e.g. "December statement")',
  required: false,
  autocomplete: true,
  max_length: STATEMENTS.maxTextLength,
};

export const partyTextSchema = z
  .string()
  .trim()
  .max(STATEMENTS.maxPartyLength, `the country or body can be at most ${STATEMENTS.maxPartyLength} characters`)
  .optional();

export const partyOption: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.String,
  name: 'party',
  description: 'Did this country or body sign? (e.g. "New Zealand", "the EU")',
  required: false,
  max_length: STATEMENTS.maxPartyLength,
};

/** Every command offers this; the Discord side makes the reply visible only to the user. */
export const privateOption: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Show the answer only to you',
  required: false,
};
