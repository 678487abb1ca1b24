/**
 * A burst of /ask, as after a popular message: the real discord.js client logged in to the local
 * emulator, 50 /ask dispatched on the gateway at once, each timed from the emulator sending its
 * INTERACTION_CREATE to it receiving the bot's callback (issue 12's target: p99 ≤ 25 ms on the
 * bundled corpus). Fifty different questions (the first of the evaluation set), several bursts, a
 * different member for every interaction so the per-user cooldown never answers in place of the bot.
 */
import { deployCommands } from '../src/discord/deployCommands.js';
import { createLogger } from '../src/discord/logger.js';
import { startBot } from '../src/discord/startBot.js';
import { emulatorBotConfig } from '../test/discord/emulatorBotConfig.js';
import { DiscordEmulator, type Actor } from '../test/emulator/index.js';
import { loadQuestionSet } from '../test/eval/questionSet.js';
import { percentile } from './percentile.js';

export const name =
  'Discord: bursts of 50 /ask dispatched at once (real discord.js client, gateway dispatch → callback)';

const BURST = 50;
const BURSTS = 6;
const WARM_UP = 2;

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `n=${sorted.length}, p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms`;
};

export default async function run(): Promise<string[]> {
  const questions = loadQuestionSet()
    .map((q) => q.question)
    .slice(0, BURST);
  const emu = await DiscordEmulator.start();
  const config = emulatorBotConfig(emu, { logLevel: 'error' });
  await deployCommands(config);
  const bot = await startBot({
    config,
    logger: createLogger({ level: 'error', write: (l) => void process.stderr.write(`${l}\n`) }),
  });
  let member = 0;
  const actor = (): Actor => {
    member++;
    return { userId: `54${String(100000000000000 + member)}`, username: `burst${member}` };
  };

  const latencies: number[] = [];
  const walls: number[] = [];
  try {
    for (let b = 0; b < WARM_UP + BURSTS; b++) {
      const started = performance.now();
      const dispatched = questions.map((question) => emu.slashCommand('ask', { question }, actor()));
      const responses = await Promise.all(dispatched.map((d) => d.response({ timeoutMs: 10_000 })));
      const wall = performance.now() - started;
      if (b < WARM_UP) continue;
      latencies.push(...responses.map((r) => r.latencyMs));
      walls.push(wall);
    }
    emu.assertNoViolations();
    const perAnswer = walls.map((w) => w / BURST);
    return [
      `dispatch → callback over ${BURSTS} bursts of ${BURST} (after ${WARM_UP} to warm up): ${stats(latencies)}`,
      `a whole burst answered in: ${stats(walls)}; per answer ${percentile(
        [...perAnswer].sort((a, b) => a - b),
        50,
      ).toFixed(2)} ms of the thread (median burst)`,
    ];
  } finally {
    await bot.stop();
    await emu.close();
  }
}
