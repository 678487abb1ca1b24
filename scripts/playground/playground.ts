/**
 * `npm run playground`: the real bot and a local Discord emulator together, with a prompt where you
 * type what you would type in Discord and see the reply as Discord would show it. No token, no network.
 *
 *   /ask question: who signed the December statement?     a slash command (options by name)
 *   /who-signed December                                  the option name may be left out
 *   ?/who-signed statement: dec                           autocomplete suggestions
 *   find: North Korea sent troops to Russia               the "Find sources" message menu on that text
 *   1                                                     press button 1 of the last reply
 *   help, quit
 *
 * Works with piped input too (`printf '/help\n' | npm run playground`): each line is echoed, then answered.
 */
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { APIMessage } from 'discord-api-types/v10';
import { applicationCommands, deployCommands } from '../../src/discord/deployCommands.js';
import { FIND_SOURCES } from '../../src/discord/findSources.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../src/discord/logger.js';
import { parseCommandLine } from './parseCommandLine.js';
import { startBot } from '../../src/discord/startBot.js';
import { renderDiscordText, type TextButton } from './discordText.js';
import { emulatorBotConfig } from '../../test/discord/emulatorBotConfig.js';
import { DiscordEmulator, type DispatchedInteraction, type InteractionResponse } from '../../test/emulator/index.js';

const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
const color = process.stdout.isTTY === true;
const out = (text = '') => process.stdout.write(`${text}\n`);
const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[22m` : s);

const HELP = [
  'Type what you would type in Discord:',
  '  /ask question: who signed the December statement?',
  '  /who-signed statement: NATO declaration private: true',
  '  /dprk-response   /timeline   /sources   /help',
  '  ?/who-signed statement: dec        suggestions while typing (autocomplete)',
  '  find: <a message>                  the "Find sources" menu on a message',
  '  1, 2, …                            press a button of the last reply',
  '  quit                               leave',
].join('\n');

const envLevel = process.env.LOG_LEVEL as LogLevel | undefined;
const logger = createLogger({
  level: envLevel && LOG_LEVELS.includes(envLevel) ? envLevel : 'warn',
  stream: 'stderr',
  format: 'pretty',
});

const emu = await DiscordEmulator.start({ callbackDeadlineMs: null });
const config = emulatorBotConfig(emu, { corpusDir: resolve(process.env.CORPUS_DIR || 'corpus') });
const definitions = applicationCommands();
await deployCommands(config, definitions);
const bot = await startBot({ config, logger, cooldown: false });

out(
  `statement-desk playground: the real bot, logged in to a local Discord emulator on 127.0.0.1:${emu.port} (ready in ${Math.round(bot.startup.totalMs)} ms).`,
);
out(HELP);

let last: { message: APIMessage; buttons: TextButton[] } | null = null;

function show(message: APIMessage): void {
  const rendered = renderDiscordText(message, { color });
  out(rendered.text);
  last = rendered.buttons.length > 0 ? { message, buttons: rendered.buttons } : last;
}

/** Waits for what the user sees: a reply, an update, or after a defer the edited reply. */
async function visible(d: DispatchedInteraction): Promise<void> {
  const response: InteractionResponse = await d.response();
  if (response.type === 5 || response.type === 6) {
    out(dim('(thinking…)'));
    show(await d.reply());
  } else if (response.message) {
    show(response.message);
  }
}

async function handle(line: string): Promise<boolean> {
  const text = line.trim();
  if (text === '') return true;
  if (/^(quit|exit|\.quit|\.exit)$/i.test(text)) return false;
  if (/^(help|\?)$/i.test(text)) {
    out(HELP);
    return true;
  }
  if (/^\d+$/.test(text)) {
    const button = last?.buttons.find((b) => b.n === Number(text));
    if (!last || !button) {
      out(`No button ${text}${last ? `: the last reply has ${last.buttons.length}` : ' yet'}.`);
      return true;
    }
    if (button.url) {
      out(`↗ Discord would open ${button.url}`);
      return true;
    }
    await visible(emu.clickButton(last.message.id, button.customId!));
    return true;
  }
  const find = /^(?:find|find sources)\s*:\s*([\s\S]+)$/i.exec(text);
  if (find) {
    await visible(emu.messageCommand(FIND_SOURCES, { content: find[1]! }));
    return true;
  }
  const parsed = parseCommandLine(text, definitions);
  if (!parsed.ok) {
    out(`${parsed.error}. Type help for examples.`);
    return true;
  }
  if (parsed.kind === 'autocomplete') {
    const response = await emu.autocomplete(parsed.name, parsed.options).response();
    if (response.choices.length === 0) out('(no suggestions)');
    response.choices.forEach((c, i) =>
      out(`  ${i + 1}. ${c.name}${c.name === String(c.value) ? '' : dim(`  → ${String(c.value)}`)}`),
    );
    return true;
  }
  await visible(emu.slashCommand(parsed.name, parsed.options));
  return true;
}

const rl = createInterface({
  input: process.stdin,
  output: interactive ? process.stdout : undefined,
  terminal: interactive,
});
if (interactive) {
  rl.setPrompt('> ');
  rl.prompt();
}
for await (const line of rl) {
  if (!interactive) out(`> ${line}`);
  let keepGoing = true;
  try {
    keepGoing = await handle(line);
  } catch (error) {
    out(`(${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (!keepGoing) break;
  out();
  if (interactive) rl.prompt();
}
rl.close();
await bot.stop();
await emu.close();
