/**
 * `/corpus gaps` and `/corpus stats` after a series of asks, through the real bot on the emulator,
 * and their terminal forms (`corpus gaps|stats [--days N] [--json]`) reading the same database while
 * the bot runs: the unanswered questions with their counts, rewordings grouped, the passages they
 * got; ordinary members are refused; both page with buttons within Discord's limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { CORPUS_NOTES } from '../../src/discord/corpusMessages.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import type { GapsReport } from '../../src/usage/gapsReport.js';
import type { StatsReport } from '../../src/usage/statsReport.js';
import { actors, type Actor, type DispatchedInteraction } from '../emulator/index.js';
import { dataDirForSuite } from '../helpers/dataDir.js';
import { runCli } from '../helpers/runCli.js';
import { interactionLog, newUser, startHarness, type Harness } from './harness.js';

let h: Harness;
let dataDir: string;
let removeDataDir: () => Promise<void>;

/** Asks as `user` and waits until the bot is done with it (its record queued). */
async function ask(question: string, user: Actor): Promise<APIMessage> {
  const d = h.emu.slashCommand('ask', { question }, user);
  const reply = await d.reply();
  await interactionLog(h, d.id);
  return reply;
}

function customIds(message: APIMessage): Array<{ label: string; id: string; disabled: boolean }> {
  return (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) =>
          'custom_id' in c && c.custom_id
            ? [
                {
                  label: 'label' in c ? String(c.label ?? '') : '',
                  id: c.custom_id,
                  disabled: 'disabled' in c && c.disabled === true,
                },
              ]
            : [],
        )
      : [],
  );
}

async function moderator(d: DispatchedInteraction): Promise<APIMessage> {
  const response = await d.response();
  expect(response.ephemeral).toBe(true);
  return d.reply();
}

const plain = (text: string | undefined) => unescapeMarkdown(text ?? '');

// One question three ways (chat filler and case are no new question), and one two ways.
const TEA = [
  'what is the price of tea in china',
  'What’s the price of tea in China?',
  'hey guys, what’s the price of tea in china lol',
];
const CHINA = ['what did china say about the troops', 'What did China say about the troops?'];
const TROOPS = 'how many troops did North Korea send to Russia?';

beforeAll(async () => {
  ({ dir: dataDir, remove: removeDataDir } = await dataDirForSuite());
  h = await startHarness({ cooldown: false, config: { dataDir } });
  const people = [newUser('a'), newUser('b'), newUser('c')];
  for (const [n, q] of TEA.entries()) await ask(q, people[n]!);
  for (const [n, q] of CHINA.entries()) await ask(q, people[n]!);
  // Answered, but someone says it is wrong.
  const troops = await ask(TROOPS, people[0]!);
  await h.emu.clickButton(troops, customIds(troops).find((b) => b.id.endsWith(':down'))!.id, people[2]!).response();
  h.bot.answerLog.flush();
});
afterAll(async () => {
  h.emu.assertNoViolations();
  await h?.close();
  await removeDataDir?.();
});

describe('/corpus gaps', () => {
  it('lists the unanswered questions most often missed first, rewordings counted together, each with an example and the passages it got', async () => {
    const reply = await moderator(h.emu.slashCommand('corpus gaps', {}, actors.moderator));
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe('Questions the corpus falls short on');
    expect(plain(embed.description)).toMatch(/^3 questions of the last 30 days/);
    const [tea, china, troops] = embed.fields!;
    expect(plain(tea!.name)).toBe(`1. 3× “${TEA[2]}”`);
    expect(plain(tea!.value)).toMatch(/^3 none · 0 partial · asked 3× · 3 wordings · last <t:\d+:R>/);
    expect(plain(tea!.value)).toMatch(/Got:\n• nothing/);
    expect(plain(china!.name)).toBe(`2. 2× “${CHINA[1]}”`);
    expect(plain(china!.value)).toMatch(/^0 none · 2 partial · asked 2×/);
    expect(plain(troops!.name)).toBe(`3. 1× “${TROOPS}”`);
    expect(plain(troops!.value)).toMatch(/0 none · 0 partial · 1 👎 · asked 1×/);
    expect(plain(troops!.value)).toMatch(/Got:\n• .+, ¶\d+ \(1×\)/); // the passages it was answered with, by outlet and date
    expect(embed.fields).toHaveLength(3);
    expect(customIds(reply)).toEqual([]); // one page: no paging buttons
  });

  it('ordinary members are refused, and see nothing of the log', async () => {
    for (const command of ['corpus gaps', 'corpus stats'] as const) {
      const d = h.emu.slashCommand(command, {}, actors.member);
      const response = await d.response();
      expect(response.ephemeral).toBe(true);
      expect(response.data.content).toBe(CORPUS_NOTES.denied(null));
      expect(response.data.embeds ?? []).toEqual([]);
    }
  });

  it('pages with buttons when there are more questions than fit one page', async () => {
    const user = newUser('many');
    const extra = [
      'what is the capital of peru',
      'who won the 1998 world cup',
      'how tall is mount everest',
      'what colour is a banana',
    ];
    for (const q of extra) await ask(q, user);
    const first = await moderator(h.emu.slashCommand('corpus gaps', { days: 7 }, actors.moderator));
    expect(plain(first.embeds[0]!.description)).toMatch(/^7 questions of the last 7 days.*Page 1 of 2\.$/s);
    expect(first.embeds[0]!.fields).toHaveLength(5);
    const [previous, next] = customIds(first);
    expect(previous).toMatchObject({ label: '◀ Previous', disabled: true });
    expect(next).toMatchObject({ label: 'Next ▶', disabled: false });
    const turned = await h.emu.clickButton(first, next!.id, actors.moderator).response();
    expect(turned.type).toBe(7); // the moderator's own ephemeral message, turned in place
    expect(plain(turned.message!.embeds[0]!.description)).toMatch(/Page 2 of 2\.$/);
    expect(turned.message!.embeds[0]!.fields!.map((f) => plain(f.name).split('.')[0])).toEqual(['6', '7']);
    expect(customIds(turned.message!).map((b) => b.disabled)).toEqual([false, true]);
  });
});

describe('/corpus stats', () => {
  it('answers per day, grades, votes; the most cited passages and the slowest commands one button away', async () => {
    const overview = await moderator(h.emu.slashCommand('corpus stats', {}, actors.moderator));
    const fields = Object.fromEntries(overview.embeds[0]!.fields!.map((f) => [f.name, plain(f.value)]));
    expect(plain(overview.embeds[0]!.description)).toMatch(/^\d+ answers in the last 30 days/);
    expect(fields.Grades).toMatch(/^answered \d+ \(\d+%\) · partial \d+ \(\d+%\) · none \d+ \(\d+%\)$/);
    expect(fields.Votes).toBe('👍 0 · 👎 1 · wrong statement 0');
    expect(fields['Answers per day (UTC)']).toMatch(/^```\n\d{4}-\d\d-\d\d +\d+ +▇+\n```$/);

    const buttons = customIds(overview);
    expect(buttons.map((b) => [b.label, b.disabled])).toEqual([
      ['Overview', true],
      ['Most cited', false],
      ['Slowest commands', false],
    ]);
    const cited = await h.emu.clickButton(overview, buttons[1]!.id, actors.moderator).response();
    expect(cited.message!.embeds[0]!.title).toBe('Most cited passages');
    expect(plain(cited.message!.embeds[0]!.description)).toMatch(/\n1\. .+, ¶\d+ \(\d+×\)/);
    const latency = await h.emu.clickButton(cited.message!, buttons[2]!.id, actors.moderator).response();
    expect(latency.message!.embeds[0]!.title).toBe('Commands, slowest first');
    expect(plain(latency.message!.embeds[0]!.description)).toMatch(
      /`ask` · \d+ answers · p95 \d+ ms · mean \d+ ms · slowest \d+ ms/,
    );
  });

  it('/corpus status says the question log is recording', async () => {
    const status = await moderator(h.emu.slashCommand('corpus status', {}, actors.moderator));
    expect(plain(status.embeds[0]!.fields!.find((f) => f.name === 'Question log')?.value)).toMatch(
      /^recording · \d+ answers recorded since start-up · kept 90 days$/,
    );
  });
});

describe('the terminal: corpus gaps and corpus stats, reading the database while the bot runs', () => {
  const env = () => ({ DATA_DIR: dataDir });

  it('corpus gaps --json: every group with its count, wordings, example and passages', async () => {
    h.bot.answerLog.flush();
    const result = await runCli(['corpus', 'gaps', '--json'], { env: env() });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as GapsReport & { database: string };
    expect(report.database).toBe(`${dataDir}/statement-desk.sqlite`);
    expect(report.days).toBe(30);
    expect(report.groups[0]).toMatchObject({
      key: 'china price tea',
      count: 3,
      asked: 3,
      none: 3,
      partial: 0,
      votedDown: 0,
      wordings: 3,
      example: TEA[2],
      passages: [],
    });
    expect(report.groups[1]).toMatchObject({ count: 2, wordings: 2, example: CHINA[1] });
    const troops = report.groups.find((g) => g.example === TROOPS)!;
    expect(troops).toMatchObject({ count: 1, votedDown: 1, none: 0, partial: 0 });
    expect(troops.passages[0]).toMatchObject({
      count: 1,
      paragraph: expect.any(Number),
      articleId: expect.stringMatching(/^[a-z0-9-]+$/),
    });
    expect(report.total).toBe(report.groups.length);
  });

  it('corpus gaps (text) and corpus stats --json, --days; bad --days is bad usage', async () => {
    const text = await runCli(['corpus', 'gaps', '--days', '3'], { env: env() });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Questions the corpus falls short on, last 3 days/);
    expect(text.stdout).toContain(` 1. 3× “${TEA[2]}”`);
    expect(text.stdout).toMatch(/3 none, 0 partial; asked 3× in all, 3 wordings; last \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const stats = await runCli(['corpus', 'stats', '--json', '--days', '1'], { env: env() });
    expect(stats.status).toBe(0);
    const report = JSON.parse(stats.stdout) as StatsReport;
    expect(report.answers).toBe(report.grades.answered + report.grades.partial + report.grades.none);
    expect(report.grades.none + report.grades.partial).toBeGreaterThanOrEqual(9);
    expect(report.votes).toEqual({ up: 0, down: 1, wrongStatement: 0 });
    expect(report.perDay).toHaveLength(1);
    expect(report.commands.find((c) => c.command === 'ask')).toMatchObject({ answers: report.answers });
    expect(report.mostCited.length).toBeGreaterThan(0);

    for (const days of ['0', 'many', '99999']) {
      const bad = await runCli(['corpus', 'gaps', '--days', days], { env: env() });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^usage: --days takes a whole number of days/);
    }
  }, 60_000); // several CLI processes, one after another

  it('with no database yet: an empty report, exit 0', async () => {
    const empty = await dataDirForSuite();
    try {
      const result = await runCli(['corpus', 'stats', '--json'], { env: { DATA_DIR: empty.dir } });
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ database: null, answers: 0, perDay: [] });
      const text = await runCli(['corpus', 'gaps'], { env: { DATA_DIR: empty.dir } });
      expect(text.status).toBe(0);
      expect(text.stderr).toMatch(/no answers recorded yet/);
    } finally {
      await empty.remove();
    }
  });
});
