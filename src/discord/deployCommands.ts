/**
 * `npm run deploy-commands`: registers the slash commands and the "Find sources" message command from
 * the same definitions the handlers use. With `DISCORD_GUILD_ID` set they go to that server, where they
 * appear at once (use it while developing); otherwise globally. Registration replaces the whole list
 * (PUT), so a command removed from the code disappears from Discord too.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REST } from 'discord.js';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  Routes,
  type APIApplicationCommand,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { slashBody } from '../commands/declaration.js';
import { declarations, findSourcesDefinition } from '../commands/definitions.js';
import { corpusDefinition } from './corpusCommands.js';
import { ConfigError, loadDotenv, parseConfig, type BotConfig } from './env.js';
import { redact } from './redact.js';
import type { BotExtension } from './extensions.js';

// Definitions only: this module must not load the handlers (the knowledge core reads data/search.yaml
// and its language models at import), so `npm run deploy-commands` starts in a fraction of a second.
// test/deployDefinitions.test.ts checks these are exactly what the served handlers and extensions declare.
const slashDefinitions = declarations.map((d) => ({ definition: slashBody(d.definition) }));
const extensionDefinitions: ReadonlyArray<Pick<BotExtension, 'definitions'>> = [{ definitions: [corpusDefinition] }];

/** Every application command the bot serves: the slash commands, the message context menu, then the extensions'. */
export function applicationCommands(
  slash: ReadonlyArray<{ definition: RESTPostAPIApplicationCommandsJSONBody }> = slashDefinitions,
  extensions: ReadonlyArray<Pick<BotExtension, 'definitions'>> = extensionDefinitions,
): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...slash.map((c) => c.definition), findSourcesDefinition, ...extensions.flatMap((e) => e.definitions)];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId: string | null;
  commands: APIApplicationCommand[];
}

/** Registers the commands with Discord (or the API at `config.apiBase`). */
export async function deployCommands(
  config: Pick<BotConfig, 'token' | 'clientId' | 'guildId' | 'apiBase'>,
  body: RESTPostAPIApplicationCommandsJSONBody[] = applicationCommands(),
): Promise<DeployResult> {
  const rest = new REST(config.apiBase ? { api: config.apiBase } : {}).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  const registered = (await rest.put(route, { body })) as APIApplicationCommand[];
  return { scope: config.guildId ? 'guild' : 'global', guildId: config.guildId, commands: registered };
}

/**
 * One line per command (per subcommand, for a command that has them):
 * `/ask question:string, autocomplete private?:boolean: Ask about …`, `/corpus statement add id:string …: …`,
 * `Find sources (message context menu)`.
 */
function describeCommands(
  commands: ReadonlyArray<Pick<APIApplicationCommand, 'name' | 'type' | 'description' | 'options'>>,
): string[] {
  type Option = NonNullable<APIApplicationCommand['options']>[number];
  const line = (path: string, description: string, options: readonly Option[]) => {
    const described = options.map((o) => {
      const required = 'required' in o && o.required ? '' : '?';
      const auto = 'autocomplete' in o && o.autocomplete ? ', autocomplete' : '';
      return `${o.name}${required}:${ApplicationCommandOptionType[o.type].toLowerCase()}${auto}`;
    });
    return `  /${path}${described.length ? ` ${described.join(' ')}` : ''}: ${description}`;
  };
  const lines = (path: string, description: string, options: readonly Option[]): string[] => {
    const subs = options.filter(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subs.length === 0) return [line(path, description, options)];
    return subs.flatMap((o) =>
      lines(`${path} ${o.name}`, o.description, 'options' in o ? ((o.options ?? []) as readonly Option[]) : []),
    );
  };
  return commands.flatMap((c) => {
    if (c.type === ApplicationCommandType.Message) return [`  ${c.name} (message context menu)`];
    if (c.type === ApplicationCommandType.User) return [`  ${c.name} (user context menu)`];
    return lines(c.name, c.description, c.options ?? []);
  });
}

export function deploySummary(result: DeployResult): string {
  const where =
    result.scope === 'guild'
      ? `to server ${result.guildId} (available at once)`
      : 'globally (may take up to an hour to appear everywhere)';
  return [`Registered ${result.commands.length} commands ${where}:`, ...describeCommands(result.commands)].join('\n');
}

async function main(): Promise<void> {
  await loadDotenv();
  let config: BotConfig;
  try {
    config = parseConfig(process.env, 'deploy');
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`deploy-commands: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    process.stdout.write(`${deploySummary(await deployCommands(config))}\n`);
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error), [config.token]);
    process.stderr.write(`deploy-commands: registration failed: ${message.split('\n')[0]}\n`);
    process.exit(1);
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly) await main();
