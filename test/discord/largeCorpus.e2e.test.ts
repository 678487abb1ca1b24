/**
 * A grown corpus (10,000 generated paragraphs) through the real discord.js client and the emulator:
 * a moderator's reload (built in worker threads) and an added article (indexed on its own) while
 * members keep asking. Every question is answered, and answered while the reload is under way.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmUp } from '../../src/commands/warmUp.js';
import { KnowledgeStore } from '../../src/search/knowledgeStore.js';
import { writeSyntheticCorpus } from '../../bench/scale/syntheticCorpus.js';
import { actors, attachment, DEFAULT_MOD_LOG_CHANNEL_ID } from '../emulator/index.js';
import { fixture } from '../fixtures/corpusFixtures.js';
import { newUser, startHarness, type Harness } from './harness.js';

const PARAGRAPHS = 10_000;
const QUESTIONS = [
  'Who signed the December statement?',
  'how many troops did north korea send to russia',
  'what did pyongyang say about the joint statement',
  'North Korea and Russia military cooperation',
];

let dir: string;
let h: Harness;
let store: KnowledgeStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statement-desk-10k-'));
  await writeSyntheticCorpus(dir, PARAGRAPHS);
  store = await KnowledgeStore.open(dir, { build: 'worker', prepare: warmUp });
  h = await startHarness({
    store,
    cooldown: false,
    config: { corpusDir: dir, modLogChannelId: DEFAULT_MOD_LOG_CHANNEL_ID },
  });
}, 180_000);
afterAll(async () => {
  h?.emu.assertNoViolations();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Members asking one question after another until `done` settles; the replies, and how many came while it was pending. */
async function askUntil(done: Promise<unknown>): Promise<{ replies: APIMessage[]; whilePending: number }> {
  let pending = true;
  void done.finally(() => (pending = false));
  const replies: APIMessage[] = [];
  let whilePending = 0;
  for (let n = 0; pending || n < 4; n++) {
    replies.push(
      await h.emu.slashCommand('ask', { question: QUESTIONS[n % QUESTIONS.length]! }, newUser()).reply({
        timeoutMs: 30_000,
      }),
    );
    if (pending) whilePending++;
  }
  return { replies, whilePending };
}

function cited(message: APIMessage): number {
  return (message.embeds[0]?.fields ?? []).filter((f) => /^\[\d+\]/.test(f.name)).length;
}

describe(`a corpus of ${PARAGRAPHS.toLocaleString('en')} paragraphs`, { timeout: 240_000 }, () => {
  it('answers every question sent during a reload, while the reload is under way, then from the new index', async () => {
    expect(store.current.index.ordered.length).toBe(PARAGRAPHS);
    const before = store.current;
    const reload = h.emu.slashCommand('corpus reload', {}, actors.moderator).reply({ timeoutMs: 180_000 });
    const { replies, whilePending } = await askUntil(reload);
    const reloaded = await reload;
    expect(reloaded.embeds[0]?.title).toBe('Corpus reloaded');
    expect(reloaded.embeds[0]?.description).toContain(`${PARAGRAPHS} paragraphs`);
    expect(whilePending).toBeGreaterThan(0);
    for (const reply of replies) expect(cited(reply)).toBeGreaterThan(0);
    expect(store.current).not.toBe(before);
    const failed = h.logs.filter((l) => l.event === 'interaction' && l.outcome !== 'ok');
    expect(failed).toEqual([]);
  });

  it('indexes an added article on its own while questions keep being answered, and cites it at once', async () => {
    const content = await readFile(fixture('background-article.md'));
    const preview = await h.emu
      .slashCommand('corpus add', { file: attachment('background.md', { content }) }, actors.moderator)
      .reply({ timeoutMs: 30_000 });
    const confirmId = JSON.stringify(preview.components ?? []).match(/"(corpus:v1:add:[^"]+)"/)?.[1];
    expect(confirmId).toBeDefined();
    const added = h.emu.clickButton(preview, confirmId!, actors.moderator).reply({ timeoutMs: 60_000 });
    const { replies } = await askUntil(added);
    expect((await added).embeds.length + (await added).content.length).toBeGreaterThan(0);
    for (const reply of replies) expect(cited(reply)).toBeGreaterThan(0);
    // The article became a segment of its own: nothing was rebuilt.
    expect(store.current.index.segments.length).toBeGreaterThan(1);
    const answer = await h.emu
      .slashCommand('ask', { question: 'Which vessels switched off their transponders?' }, newUser())
      .reply({ timeoutMs: 30_000 });
    expect(JSON.stringify(answer.embeds)).toContain('Fixture Wire');
    const failed = h.logs.filter((l) => l.event === 'interaction' && l.outcome !== 'ok');
    expect(failed).toEqual([]);
  });
});
