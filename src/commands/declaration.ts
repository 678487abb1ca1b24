import { z } from 'zod';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBooleanOption,
  type APIApplicationCommandIntegerOption,
  type APIApplicationCommandStringOption,
  type ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';

/**
 * A command declared once, as data (`as const`): its slash definition (what Discord receives), the
 * options only the terminal offers (paging), and how its answers are titled. The option types
 * (`ArgumentsOf`) and the option schema (`argumentsSchema`) are both derived from it, in the manner
 * of the discord.js team's utility bot (discordjs/discord-utils-bot).
 */

type DeepReadonly<T> =
  T extends ReadonlyArray<infer U>
    ? ReadonlyArray<DeepReadonly<U>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The option kinds the commands use, as readonly data in Discord's API shape. */
export type OptionDefinition = DeepReadonly<
  APIApplicationCommandStringOption | APIApplicationCommandIntegerOption | APIApplicationCommandBooleanOption
>;

/** A slash command's definition: Discord's chat-input command body, as readonly data. */
export type SlashDefinition = Readonly<{
  name: string;
  description: string;
  type: ApplicationCommandType.ChatInput;
  options: readonly OptionDefinition[];
}>;

/** How an option's refusals are worded; each has a plain default built from the option's name. */
export interface OptionWording {
  required?: string;
  empty?: string;
  tooLong?: (max: number) => string;
}

export interface CommandDeclaration {
  definition: SlashDefinition;
  /** One line for help texts. */
  summary: string;
  /** Whether its answers come in pages of citations (`limit`, `offset`; buttons on Discord). */
  pageable?: boolean;
  /** Citations per page when `limit` is not given. */
  pageSize?: number;
  /** Refusal wording for some of its options, by option name. */
  wording?: Readonly<Record<string, OptionWording>>;
  /** The title an answer is shown under. */
  title(answer: Answer): string;
}

/** The page options a pageable command takes: not registered with Discord, whose buttons turn the pages. */
export function pageOptions(maxLimit: number) {
  return [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'limit',
      description: 'How many passages to cite',
      min_value: 1,
      max_value: maxLimit,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'offset',
      description: 'Skip the first N passages',
      min_value: 0,
    },
  ] as const satisfies readonly OptionDefinition[];
}

type ValueOf<O extends OptionDefinition> = O extends { choices: ReadonlyArray<{ value: infer V }> }
  ? V
  : O['type'] extends ApplicationCommandOptionType.String
    ? string
    : O['type'] extends ApplicationCommandOptionType.Integer
      ? number
      : boolean;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The arguments a handler receives for these option definitions: required ones always, the rest maybe. */
export type ArgumentsOfOptions<Options extends readonly OptionDefinition[]> = Simplify<
  { [O in Options[number] as O extends { required: true } ? O['name'] : never]: ValueOf<O> } & {
    [O in Options[number] as O extends { required: true } ? never : O['name']]?: ValueOf<O>;
  }
>;

/** The page arguments, always present once parsed (their defaults filled in). */
export interface PageArguments {
  limit: number;
  offset: number;
}

/** The arguments of a declared command: its slash options, and the page options when it is pageable. */
export type ArgumentsOf<D extends CommandDeclaration> = Simplify<
  ArgumentsOfOptions<D['definition']['options']> & (D extends { pageable: true } ? PageArguments : unknown)
>;

function stringSchema(
  option: Extract<OptionDefinition, { type: ApplicationCommandOptionType.String }>,
  wording: OptionWording,
) {
  const { name } = option;
  let schema = z.string(option.required ? { message: wording.required ?? `${name} is required` } : undefined).trim();
  // A required text must say something once trimmed: Discord refuses an empty one, the terminal need not.
  if (option.required) schema = schema.min(Math.max(1, option.min_length ?? 1), wording.empty ?? `${name} is empty`);
  else if (option.min_length !== undefined)
    schema = schema.min(option.min_length, `${name} must be at least ${option.min_length} characters`);
  if (option.max_length !== undefined)
    schema = schema.max(
      option.max_length,
      wording.tooLong?.(option.max_length) ?? `${name} can be at most ${option.max_length} characters`,
    );
  const values = option.choices?.map((c) => c.value);
  return values ? schema.refine((v) => values.includes(v), `${name} must be one of: ${values.join(', ')}`) : schema;
}

function integerSchema(option: Extract<OptionDefinition, { type: ApplicationCommandOptionType.Integer }>) {
  const { name } = option;
  // Coerced: the terminal passes its flags as text.
  let schema = z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`);
  if (option.min_value !== undefined) {
    schema = schema.min(
      option.min_value,
      option.min_value === 0 ? `${name} must be 0 or more` : `${name} must be at least ${option.min_value}`,
    );
  }
  if (option.max_value !== undefined)
    schema = schema.max(option.max_value, `${name} can be at most ${option.max_value}`);
  const values = option.choices?.map((c) => c.value);
  return values ? schema.refine((v) => values.includes(v), `${name} must be one of: ${values.join(', ')}`) : schema;
}

/**
 * The schema of a command's arguments, derived from its declaration and checking exactly what it
 * declares: each option's kind, whether it is required, string lengths, integer ranges, choices.
 * Options it does not declare are dropped. `defaults` fills in options left out (the page size).
 */
export function optionsSchema(
  options: readonly OptionDefinition[],
  wording: Readonly<Record<string, OptionWording>> = {},
  defaults: Readonly<Record<string, unknown>> = {},
): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const option of options) {
    const base: z.ZodType =
      option.type === ApplicationCommandOptionType.String
        ? stringSchema(option, wording[option.name] ?? {})
        : option.type === ApplicationCommandOptionType.Integer
          ? integerSchema(option)
          : z.boolean({ message: `${option.name} must be true or false` });
    const fallback = defaults[option.name];
    shape[option.name] = fallback !== undefined ? base.default(fallback) : option.required ? base : base.optional();
  }
  return z.object(shape);
}

/** Every option a declared command takes: its slash options, then the page options when it is pageable. */
export function allOptionsOf(declaration: CommandDeclaration, maxLimit: number): readonly OptionDefinition[] {
  return [...declaration.definition.options, ...(declaration.pageable ? pageOptions(maxLimit) : [])];
}

/**
 * The definition as Discord's API types it: the same object, `readonly` dropped (OptionDefinition is
 * Discord's own option types made readonly, so nothing else differs).
 */
export function slashBody(definition: SlashDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return definition as unknown as RESTPostAPIChatInputApplicationCommandsJSONBody;
}
