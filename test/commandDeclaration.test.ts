/**
 * A command is declared once: its argument types and its option schema both come from the
 * declaration (commands/definitions.ts), and the schema checks what the declaration says and nothing else.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SEARCH, STATEMENTS } from '../src/config/constants.js';
import { optionsSchema, type ArgumentsOf, type OptionDefinition } from '../src/commands/declaration.js';
import type { askDeclaration, dprkResponseDeclaration, whoSignedDeclaration } from '../src/commands/definitions.js';
import { declarations } from '../src/commands/definitions.js';
import { commands } from '../src/commands/index.js';

const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('command declarations', () => {
  it('give each command its name, summary, definition and paging, in the order the index lists them', () => {
    expect(commands.map((c) => c.name)).toEqual(declarations.map((d) => d.definition.name));
    for (const [i, d] of declarations.entries()) {
      expect(commands[i]!.definition).toBe(d.definition);
      expect(commands[i]!.summary).toBe(d.summary);
      expect(commands[i]!.pageable ?? false).toBe('pageable' in d && d.pageable === true);
    }
    expect(commands.find((c) => c.name === 'ask')!.pageSize).toBe(SEARCH.defaultLimit);
    expect(commands.find((c) => c.name === 'dprk-response')!.pageSize).toBe(SEARCH.responsesPerPage);
  });

  it('derive the argument types: required options always there, the others maybe, page options filled in', () => {
    expectTypeOf<ArgumentsOf<typeof askDeclaration>>().toEqualTypeOf<{
      question: string;
      private?: boolean;
      limit: number;
      offset: number;
    }>();
    expectTypeOf<ArgumentsOf<typeof whoSignedDeclaration>>().toEqualTypeOf<{
      statement?: string;
      party?: string;
      private?: boolean;
    }>();
    expectTypeOf<ArgumentsOf<typeof dprkResponseDeclaration>>().toHaveProperty('limit').toEqualTypeOf<number>();
  });

  it('derive the schema: the declared lengths, the page range and defaults; options not declared are dropped', () => {
    const ask = commands.find((c) => c.name === 'ask')!;
    expect(ask.options.parse({ question: '  troops  ', party: 'x' })).toEqual({
      question: 'troops',
      limit: SEARCH.defaultLimit,
      offset: 0,
    });
    expect(messages(ask.options.safeParse({ question: 'q'.repeat(SEARCH.maxQueryLength + 1) }))).toEqual([
      `the question is too long: keep it under ${SEARCH.maxQueryLength} characters`,
    ]);
    expect(messages(ask.options.safeParse({ question: 'q', limit: SEARCH.maxLimit + 1 }))).toEqual([
      `limit can be at most ${SEARCH.maxLimit}`,
    ]);
    expect(messages(ask.options.safeParse({ question: 'q', limit: '2.5' }))).toEqual(['limit must be a whole number']);
    expect(messages(ask.options.safeParse({}))).toEqual(['a question is required']);
    const who = commands.find((c) => c.name === 'who-signed')!;
    expect(who.options.parse({ statement: 'May', limit: 'many' })).toEqual({ statement: 'May' });
    expect(messages(who.options.safeParse({ party: 'p'.repeat(STATEMENTS.maxPartyLength + 1) }))).toEqual([
      `the country or body can be at most ${STATEMENTS.maxPartyLength} characters`,
    ]);
  });

  it('check choices, integer ranges and booleans the way they are declared', () => {
    const options = [
      {
        type: ApplicationCommandOptionType.String,
        name: 'colour',
        description: 'c',
        required: true,
        choices: [
          { name: 'Red', value: 'red' },
          { name: 'Blue', value: 'blue' },
        ],
      },
      { type: ApplicationCommandOptionType.Integer, name: 'count', description: 'n', min_value: 2, max_value: 5 },
      { type: ApplicationCommandOptionType.Boolean, name: 'loud', description: 'b' },
    ] as const satisfies readonly OptionDefinition[];
    const schema = optionsSchema(options);
    expect(schema.parse({ colour: 'red', count: '3', loud: true })).toEqual({ colour: 'red', count: 3, loud: true });
    expect(messages(schema.safeParse({ colour: 'green', count: 1, loud: 'yes' }))).toEqual([
      'colour must be one of: red, blue',
      'count must be at least 2',
      'loud must be true or false',
    ]);
  });
});
