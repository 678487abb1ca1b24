/**
 * Every command's declaration: its slash definition as Discord receives it, its summary, whether it
 * pages, how its answers are titled. Data only (no knowledge, no data files), so deploy-commands, the
 * CLI's usage text and the renderers read it without loading the knowledge core. A handler module
 * (ask.ts, whoSigned.ts, …) joins its declaration to its code with `defineCommand`.
 */
import { ApplicationCommandType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { CommandName } from '../answer/answer.js';
import { SEARCH } from '../config/constants.js';
import type { CommandDeclaration } from './declaration.js';
import { OPTION_WORDING, partyOption, privateOption, questionOption, statementOption } from './options.js';

export const askDeclaration = {
  definition: {
    name: 'ask',
    description: 'Ask about the joint statements and North Korea’s responses; get cited passages',
    type: ApplicationCommandType.ChatInput,
    options: [questionOption, privateOption],
  },
  summary: 'Ask anything about the statements; answers with the best cited passages',
  pageable: true,
  pageSize: SEARCH.defaultLimit,
  wording: OPTION_WORDING,
  title: (answer) => answer.query ?? 'Answer',
} as const satisfies CommandDeclaration;

export const whoSignedDeclaration = {
  definition: {
    name: 'who-signed',
    description: 'Who signed a joint statement (or whether a given country did), cited from the articles',
    type: ApplicationCommandType.ChatInput,
    options: [statementOption, partyOption, privateOption],
  },
  summary: 'Who signed a statement, or whether a state or body did, with the passages that name them',
  wording: OPTION_WORDING,
  title: (answer) => (answer.statement ? `Who signed: ${answer.statement.title}` : 'Who signed which statement?'),
} as const satisfies CommandDeclaration;

export const dprkResponseDeclaration = {
  definition: {
    name: 'dprk-response',
    description: "North Korea's response to a statement, cited from the articles",
    type: ApplicationCommandType.ChatInput,
    options: [statementOption, privateOption],
  },
  summary: 'How North Korea answered a statement: who spoke, through which channel, when, in what words',
  pageable: true,
  pageSize: SEARCH.responsesPerPage,
  wording: OPTION_WORDING,
  title: (answer) =>
    answer.statement ? `North Korea’s response: ${answer.statement.title}` : 'North Korea’s responses',
} as const satisfies CommandDeclaration;

export const timelineDeclaration = {
  definition: {
    name: 'timeline',
    description: 'The statements and North Korea’s responses in date order',
    type: ApplicationCommandType.ChatInput,
    options: [privateOption],
  },
  summary: 'The statements and North Korea’s responses in date order, each cited',
  title: () => 'Timeline of the statements and responses',
} as const satisfies CommandDeclaration;

export const sourcesDeclaration = {
  definition: {
    name: 'sources',
    description: 'List the articles the bot answers from',
    type: ApplicationCommandType.ChatInput,
    options: [privateOption],
  },
  summary: 'Every article in the corpus: outlet, date, title, link, paragraphs',
  title: () => 'Sources',
} as const satisfies CommandDeclaration;

export const helpDeclaration = {
  definition: {
    name: 'help',
    description: 'What statement-desk can answer and how to ask',
    type: ApplicationCommandType.ChatInput,
    options: [privateOption],
  },
  summary: 'What the bot can answer and how to ask',
  title: () => 'statement-desk',
} as const satisfies CommandDeclaration;

/** Every declaration, in the order help and registration list them. */
export const declarations = [
  askDeclaration,
  whoSignedDeclaration,
  dprkResponseDeclaration,
  timelineDeclaration,
  sourcesDeclaration,
  helpDeclaration,
] as const satisfies readonly CommandDeclaration[];

/**
 * "Find sources", the message context-menu command: the `ask` search for a message's text (its
 * handler is src/discord/findSources.ts). Declared here, with the others, so deploy-commands registers
 * it without loading the search.
 */
export const findSourcesDefinition = {
  name: 'Find sources',
  type: ApplicationCommandType.Message,
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** The names the declarations give, which must be exactly the commands an answer can come from. */
type DeclaredName = (typeof declarations)[number]['definition']['name'];
// Compile-time check both ways: a command declared here but not in answer.ts's CommandName, or the reverse, fails typecheck.
const namesMatch: [DeclaredName] extends [CommandName] ? ([CommandName] extends [DeclaredName] ? true : false) : false =
  true;
void namesMatch;

export function findDeclaration(name: string): CommandDeclaration | undefined {
  return declarations.find((d) => d.definition.name === name);
}
