/**
 * deploy-commands registers from definition modules only (src/commands/definitions.ts and the
 * extensions' definitions), so it never loads the knowledge core. These checks keep that list equal
 * to what the bot actually serves: the command handlers, the Find sources handler and the extensions.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { applicationCommands } from '../src/discord/deployCommands.js';
import { extensions } from '../src/discord/extensions.js';
import { FIND_SOURCES, findSourcesDefinition } from '../src/discord/findSources.js';

describe('the definitions deploy-commands registers', () => {
  it('are the served commands, the Find sources context menu and every extension, in that order', () => {
    expect(applicationCommands()).toEqual([
      ...commands.map((c) => c.definition),
      findSourcesDefinition,
      ...extensions.flatMap((e) => e.definitions),
    ]);
  });

  it('name Find sources as its handler answers to it', () => {
    expect(applicationCommands().filter((d) => d.name === FIND_SOURCES)).toEqual([findSourcesDefinition]);
  });

  it('take a given list of commands and extensions, as the tests that serve extra ones do', () => {
    const extra = { definition: { name: 'extra', description: 'd' } };
    const names = applicationCommands([extra], [{ definitions: [{ name: 'ext', description: 'e' }] }]).map(
      (d) => d.name,
    );
    expect(names).toEqual(['extra', FIND_SOURCES, 'ext']);
  });
});
