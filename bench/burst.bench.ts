/**
 * A burst of /ask, as after a popular message: the real discord.js client logged in to the local
 * emulator, 50 /ask dispatched on the gateway at once, each timed from the emulator sending its
 * INTERACTION_CREATE to it receiving the bot's callback (issue 12's target: p99 ≤ 25 ms on the
 * bundled corpus). Fifty different questions (the first of the evaluation set), several bursts, a
 * different member for every interaction so the per-user cooldown never answers in place of the bot.
 * The same bursts of /help, which answers without reading the corpus, give the floor: what the
 * client, the emulator (in this process) and the replies cost with nothing to answer.
 */
import type { Actor } from '../test/emulator/index.js';
import { loadQuestionSet } from '../test/eval/questionSet.js';
import { startEmulatorBot } from './emulatorBot.js';
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
  const { emu, bot } = await startEmulatorBot();
  let member = 0;
  const actor = (): Actor => {
    member++;
    return { userId: `54${String(100000000000000 + member)}`, username: `burst${member}` };
  };

  const bursts = async (command: string, args: (i: number) => Record<string, string>) => {
    const latencies: number[] = [];
    const walls: number[] = [];
    for (let b = 0; b < WARM_UP + BURSTS; b++) {
      const started = performance.now();
      const dispatched = questions.map((_, i) => emu.slashCommand(command, args(i), actor()));
      const responses = await Promise.all(dispatched.map((d) => d.response({ timeoutMs: 10_000 })));
      const wall = performance.now() - started;
      if (b < WARM_UP) continue;
      latencies.push(...responses.map((r) => r.latencyMs));
      walls.push(wall);
    }
    const perAnswer = percentile(
      walls.map((w) => w / BURST).sort((a, b) => a - b),
      50,
    );
    return `${stats(latencies)}; a whole burst ${stats(walls)}; ${perAnswer.toFixed(2)} ms of the thread per interaction (median burst)`;
  };
  try {
    const ask = await bursts('ask', (i) => ({ question: questions[i]! }));
    const help = await bursts('help', () => ({}));
    emu.assertNoViolations();
    return [
      `/ask, ${BURSTS} bursts of ${BURST} (after ${WARM_UP} to warm up), dispatch → callback: ${ask}`,
      `/help, the same (the floor): ${help}`,
    ];
  } finally {
    await bot.stop();
    await emu.close();
  }
}
