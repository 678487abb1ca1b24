/** The bot as the Discord benches drive it: the real client logged in to a fresh local emulator, commands registered, logging errors only. */
import { deployCommands } from '../src/discord/deployCommands.js';
import { createLogger } from '../src/discord/logger.js';
import { startBot } from '../src/discord/startBot.js';
import { emulatorBotConfig } from '../test/discord/emulatorBotConfig.js';
import { DiscordEmulator } from '../test/emulator/index.js';

export async function startEmulatorBot() {
  const emu = await DiscordEmulator.start();
  const config = emulatorBotConfig(emu, { logLevel: 'error' });
  await deployCommands(config);
  const bot = await startBot({
    config,
    logger: createLogger({ level: 'error', write: (l) => void process.stderr.write(`${l}\n`) }),
  });
  return { emu, bot };
}
