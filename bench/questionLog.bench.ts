/**
 * The question log's cost. (1) On the answer's path: the same asks through the emulator with the log
 * on and off, timed from the gateway dispatch to the bot's callback; and the one call the router
 * makes after the reply, `record()` (it only queues). (2) Off the answer's path: the write itself (a
 * transaction with the question's key concepts and passages), per flush of one answer and per answer
 * in a flush of a burst: the time the event loop is busy with it. (3) The database's size per 10,000
 * answers (real questions of the question set, their real citations, one vote in ten).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { askCommand } from '../src/commands/ask.js';
import { deployCommands } from '../src/discord/deployCommands.js';
import { createLogger } from '../src/discord/logger.js';
import { startBot } from '../src/discord/startBot.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../src/search/knowledge.js';
import { AnswerLog, type AnsweredEvent } from '../src/usage/answerLog.js';
import { databasePath } from '../src/usage/database.js';
import { emulatorBotConfig } from '../test/discord/emulatorBotConfig.js';
import { DiscordEmulator } from '../test/emulator/index.js';
import { USAGE } from '../src/config/constants.js';
import { percentile } from './percentile.js';

export const name = 'Question log: added latency of recording an answer, write cost, database size';

const ASKS = 200;
const WARM_UP = 20;
const SIZE_ANSWERS = 10_000;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const ms = (sorted: number[]) =>
  `median ${percentile(sorted, 50).toFixed(3)} ms, p99 ${percentile(sorted, 99).toFixed(3)} ms, max ${sorted[sorted.length - 1]!.toFixed(3)} ms`;

async function questions(): Promise<string[]> {
  return (
    parse(await readFile('test/eval/questions.yaml', 'utf8')) as { questions: Array<{ question: string }> }
  ).questions.map((q) => q.question);
}

/** p50/p99 of ASKS asks through the emulator, with the question log on (a fresh DATA_DIR) or off. */
async function throughDiscord(logOn: boolean, texts: string[], dataDir: string): Promise<number[]> {
  const emu = await DiscordEmulator.start();
  const config = emulatorBotConfig(emu, { logLevel: 'error', dataDir, questionLog: logOn });
  await deployCommands(config);
  const bot = await startBot({
    config,
    cooldown: false,
    logger: createLogger({ level: 'error', write: (l) => void process.stderr.write(`${l}\n`) }),
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < WARM_UP + ASKS; i++) {
      const response = await emu
        .slashCommand(
          'ask',
          { question: texts[i % texts.length]! },
          { userId: `54${String(100000000000000 + i)}`, username: `bench${i}` },
        )
        .response({ timeoutMs: 10_000 });
      if (i >= WARM_UP) times.push(response.latencyMs);
    }
    emu.assertNoViolations();
  } finally {
    await bot.stop();
    await emu.close();
  }
  return times.sort((a, b) => a - b);
}

export default async function run(): Promise<string[]> {
  const texts = await questions();
  const knowledge = buildKnowledge(await loadCorpus('corpus'));
  const events: Array<Omit<AnsweredEvent, 'answerId'>> = texts.map((question) => ({
    command: 'ask',
    surface: 'slash',
    userId: '510000000000000001',
    question,
    answer: askCommand.run(knowledge, askCommand.options.parse({ question })),
    index: knowledge.index,
    latencyMs: 5,
    deferred: false,
  }));
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statement-desk-bench-'));
    dirs.push(dir);
    return dir;
  };

  try {
    // (1) Through Discord, log off and on, in turn (off, on, off, on: the machine's drift hits both alike),
    // each bot on its own emulator and data folder.
    const off: number[] = [];
    const on: number[] = [];
    for (let round = 0; round < 2; round++) {
      off.push(...(await throughDiscord(false, texts, await tempDir())));
      on.push(...(await throughDiscord(true, texts, await tempDir())));
    }
    off.sort((a, b) => a - b);
    on.sort((a, b) => a - b);

    // (1b) and (2): the calls themselves.
    const log = AnswerLog.open({ dataDir: await tempDir(), logger: quiet });
    const recordTimes: number[] = [];
    const singleFlush: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const event = {
        ...events[i % events.length]!,
        answerId: log.newAnswerId()!,
        userId: `5100000000${String(i).padStart(8, '0')}`,
      };
      let t = performance.now();
      log.record(event);
      recordTimes.push(performance.now() - t);
      t = performance.now();
      log.flush();
      singleFlush.push(performance.now() - t);
    }
    // A burst of 50 answers is written as the bot writes it: USAGE.writesPerTurn a turn of the event loop.
    const burstPerAnswer: number[] = [];
    const burstTurn: number[] = [];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50; i++)
        log.record({
          ...events[(round * 50 + i) % events.length]!,
          answerId: log.newAnswerId()!,
          userId: `52000000${String(round * 50 + i).padStart(10, '0')}`,
        });
      while (log.health().pending > 0) {
        const t = performance.now();
        log.flush(USAGE.writesPerTurn);
        const took = performance.now() - t;
        burstTurn.push(took);
        burstPerAnswer.push(took / USAGE.writesPerTurn);
      }
    }
    await log.close();
    for (const list of [recordTimes, singleFlush, burstPerAnswer, burstTurn]) list.sort((a, b) => a - b);

    // (3) Size per 10,000 answers.
    const sizeDir = await tempDir();
    const sized = AnswerLog.open({ dataDir: sizeDir, logger: quiet });
    const ids: string[] = [];
    for (let i = 0; i < SIZE_ANSWERS; i++) {
      const id = sized.newAnswerId()!;
      ids.push(id);
      sized.record({
        ...events[i % events.length]!,
        answerId: id,
        userId: `53${String(100000000000000 + (i % 2000))}`,
      });
      if (i % 500 === 499) sized.flush();
    }
    sized.flush();
    for (let i = 0; i < SIZE_ANSWERS; i += 10)
      sized.vote(ids[i]!, `53${String(100000000000000 + i)}`, i % 20 === 0 ? 'up' : 'down');
    const cited = events.reduce((n, e) => n + e.answer.citations.length, 0) / events.length;
    await sized.close(); // checkpoints the WAL into the file
    const bytes = (await stat(databasePath(sizeDir))).size;

    const added = (p: number) => (percentile(on, p) - percentile(off, p)).toFixed(2);
    return [
      `through the emulator, ${2 * ASKS} asks each, in rounds off, on, off, on (dispatch → callback): question log off ${ms(off)}; on ${ms(on)} (difference: median ${added(50)} ms, p99 ${added(99)} ms; noise of the machine included)`,
      `on the answer's path, record() (queues the answer after the reply is sent): ${ms(recordTimes)}`,
      `off the answer's path, writing one answer (its own transaction, key concepts, passages): ${ms(singleFlush)}`,
      `off the answer's path, a burst of 50, written ${USAGE.writesPerTurn} a turn of the event loop: per answer ${ms(burstPerAnswer)}; the event loop held per turn ${ms(burstTurn)}`,
      `database size for ${SIZE_ANSWERS.toLocaleString('en-US')} answers (${cited.toFixed(1)} cited passages each on average, a vote on one in ten): ${(bytes / 1024 / 1024).toFixed(2)} MiB (${Math.round(bytes / SIZE_ANSWERS)} bytes per answer)`,
    ];
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}
