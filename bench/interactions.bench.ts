/**
 * The bot as Discord drives it: the real discord.js client logged in to the local emulator, 500
 * interactions dispatched one after another on the gateway (slash commands, autocomplete, button
 * clicks), timed from the emulator sending INTERACTION_CREATE to it receiving the bot's callback.
 * Also the start-up time: corpus load and index build, then login to ClientReady.
 */
import type { APIMessage } from 'discord-api-types/v10';
import type { Actor, DispatchedInteraction } from '../test/emulator/index.js';
import { startEmulatorBot } from './emulatorBot.js';
import { percentile } from './percentile.js';

export const name =
  'Discord: 500 interactions through the emulator (real discord.js client, gateway dispatch → callback)';

const TOTAL = 500;
const WARM_UP = 25;

const QUESTIONS = [
  'who signed the December statement?',
  'how many troops did North Korea send to Russia?',
  'what did North Korea say about the NATO declaration?',
  'North Korea and Russia military cooperation',
  'arms transfers ballistic missiles',
  'reckless provocation',
  'Kursk region',
  'what is the comprehensive strategic partnership treaty?',
];

function summary(label: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${label}: n=${sorted.length}, median ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms`;
}

export default async function run(): Promise<string[]> {
  const { emu, bot } = await startEmulatorBot();

  let answerWithPager: APIMessage | null = null;
  let pagerOwner: Actor | null = null;
  const byKind = new Map<string, number[]>();
  const all: number[] = [];

  try {
    for (let i = 0; i < WARM_UP + TOTAL; i++) {
      // A different member each time, as in a busy server (the per-user cooldown stays in play).
      const actor: Actor = { userId: `52${String(100000000000000 + i)}`, username: `bench${i}` };
      let kind: string;
      let dispatched: DispatchedInteraction;
      const slot = i % 10;
      if (slot < 4) {
        kind = 'ask';
        dispatched = emu.slashCommand('ask', { question: QUESTIONS[i % QUESTIONS.length]! }, actor);
      } else if (slot === 4) {
        kind = 'who-signed / dprk-response';
        dispatched = emu.slashCommand(i % 20 === 4 ? 'who-signed' : 'dprk-response', { statement: 'December' }, actor);
      } else if (slot === 5) {
        kind = 'timeline / sources / help';
        dispatched = emu.slashCommand(['timeline', 'sources', 'help'][i % 3]!, {}, actor);
      } else if (slot < 8) {
        kind = 'autocomplete';
        dispatched =
          i % 2 === 0
            ? emu.autocomplete('who-signed', { statement: 'dec' }, actor)
            : emu.autocomplete('ask', { question: 'north kor' }, actor);
      } else if (slot === 8 && answerWithPager && pagerOwner) {
        kind = 'button (More passages)';
        const row = answerWithPager.components?.[0];
        const button = row && 'components' in row ? row.components.find((c) => 'custom_id' in c) : undefined;
        dispatched = emu.clickButton(
          answerWithPager,
          button && 'custom_id' in button ? button.custom_id : '',
          pagerOwner,
        );
      } else {
        kind = 'ask';
        dispatched = emu.slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, actor);
      }
      const response = await dispatched.response({ timeoutMs: 10_000 });
      if (kind === 'ask' && slot === 9 && response.message) {
        answerWithPager = response.message;
        pagerOwner = actor;
      }
      if (i < WARM_UP) continue;
      all.push(response.latencyMs);
      byKind.set(kind, [...(byKind.get(kind) ?? []), response.latencyMs]);
    }

    // A burst: 50 interactions at once, as after a popular message.
    const burstStarted = performance.now();
    const burst = Array.from({ length: 50 }, (_, i) =>
      emu.slashCommand(
        'ask',
        { question: QUESTIONS[i % QUESTIONS.length]! },
        { userId: `53${String(100000000000000 + i)}`, username: `burst${i}` },
      ),
    );
    const burstTimes = (await Promise.all(burst.map((d) => d.response({ timeoutMs: 10_000 })))).map((r) => r.latencyMs);
    const burstMs = performance.now() - burstStarted;
    emu.assertNoViolations();

    return [
      `start-up to ready: ${bot.startup.totalMs.toFixed(0)} ms (corpus load + index ${bot.startup.knowledgeMs.toFixed(0)} ms, login → ClientReady ${bot.startup.loginMs.toFixed(0)} ms)`,
      summary(`all ${TOTAL} interactions, one at a time`, all),
      ...[...byKind].map(([kind, times]) => `  ${summary(kind, times)}`),
      `${summary('burst of 50 dispatched at once', burstTimes)}; all answered in ${burstMs.toFixed(0)} ms`,
    ];
  } finally {
    await bot.stop();
    await emu.close();
  }
}
