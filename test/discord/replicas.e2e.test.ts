/**
 * Replicas sharing one corpus folder: two HTTP replicas (behind the emulator, which sends interactions
 * to them in turn, like a load balancer) and the CLI, all on one copy of the corpus. A change made
 * through any of them moves the corpus generation; the others follow it and answer from it. Asks sent
 * all the while are all answered.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { readGeneration } from '../../src/corpus/generation.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import { actors, attachment } from '../emulator/index.js';
import { fixture } from '../fixtures/corpusFixtures.js';
import { copyCorpus } from '../helpers/corpusCopy.js';
import { runCli } from '../helpers/runCli.js';
import { newUser } from './harness.js';
import { startHttpHarness, type HttpHarness } from './httpHarness.js';

const MD_ID = 'fixturewire-shipping-sanctions-background';
const QUESTION = 'which shipping companies do the new sanctions target?';
/** How long a change may take to reach every replica (the poll interval, twice, and a reload). */
const PROPAGATION_MS = 5000;

let h: HttpHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function cites(message: APIMessage, articleId: string): boolean {
  return (message.embeds[0]?.fields ?? []).some(
    (f) => unescapeMarkdown(f.value).includes(articleId) || unescapeMarkdown(f.name).includes('Fixture Wire'),
  );
}

/** Asks one replica (by index) the question until the answer cites the article, or the propagation time runs out. */
async function askUntil(harness: HttpHarness, replica: number, want: boolean): Promise<APIMessage> {
  const deadline = Date.now() + PROPAGATION_MS;
  for (;;) {
    harness.emu.useHttpInteractions([harness.replicas[replica]!.interactionsUrl]);
    const reply = await harness.emu.slashCommand('ask', { question: QUESTION }, newUser()).reply();
    if (cites(reply, MD_ID) === want || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two HTTP replicas and the CLI on one corpus folder', () => {
  it('an article added through one replica is cited by the other; the CLI’s removal reaches both; asks meanwhile all succeed', async () => {
    const dir = await copyCorpus();
    h = await startHttpHarness({ replicas: 2, cooldown: false, config: { corpusDir: dir } });
    const harness = h;
    expect(cites(await askUntil(harness, 1, false), MD_ID)).toBe(false);
    const startGeneration = (await readGeneration(dir)).generation;

    // Asks to both replicas, in turn, all through the change.
    let asking = true;
    const asks: Array<Promise<APIMessage>> = [];
    const background = (async () => {
      while (asking) {
        harness.emu.useHttpInteractions(harness.replicas.map((r) => r.interactionsUrl));
        asks.push(
          harness.emu
            .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, newUser())
            .reply({ timeoutMs: 10_000 }),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // The moderator adds the article through replica 0.
    const content = await readFile(fixture('background-article.md'));
    const only0 = () => harness.emu.useHttpInteractions([harness.replicas[0]!.interactionsUrl]);
    only0();
    const add = harness.emu.slashCommand(
      'corpus add',
      { file: attachment('background.md', { content }) },
      actors.moderator,
    );
    only0();
    const preview = await add.reply({ timeoutMs: 20_000 });
    const confirmId = (preview.components ?? [])
      .flatMap((row) => ('components' in row ? (row.components as Array<{ custom_id?: string }>) : []))
      .map((c) => c.custom_id ?? '')
      .find((id) => id.startsWith('corpus:v1:add:'))!;
    only0();
    const done = await harness.emu.clickButton(preview, confirmId, actors.moderator).reply({ timeoutMs: 20_000 });
    expect(done.embeds[0]?.title ?? done.content).toBeTruthy();
    expect((await readGeneration(dir)).generation).toBe(startGeneration + 1);

    // Replica 1 never saw the interaction: it follows the generation and cites the article.
    expect(cites(await askUntil(harness, 1, true), MD_ID)).toBe(true);
    expect(
      harness.logs.some(
        (l) => l.replica === 1 && l.event === 'corpus-followed' && l.generation === startGeneration + 1,
      ),
    ).toBe(true);
    // Replica 0 made the change and reloaded for it once, not again for its own generation.
    expect(harness.logs.some((l) => l.replica === 0 && l.event === 'corpus-followed')).toBe(false);

    // The CLI removes it: both replicas stop citing it.
    const removed = await runCli(['corpus', 'remove', MD_ID, '--corpus', dir]);
    expect(removed.status).toBe(0);
    expect((await readGeneration(dir)).generation).toBe(startGeneration + 2);
    expect(cites(await askUntil(harness, 0, false), MD_ID)).toBe(false);
    expect(cites(await askUntil(harness, 1, false), MD_ID)).toBe(false);

    asking = false;
    await background;
    const replies = await Promise.all(asks);
    expect(replies.length).toBeGreaterThan(5);
    for (const reply of replies) expect(reply.embeds[0]?.fields?.length ?? 0).toBeGreaterThan(0);
    // Every replica served asks during the change.
    const served = new Set(
      harness.logs.filter((l) => l.event === 'interaction' && l.command === 'ask').map((l) => l.replica),
    );
    expect(served).toEqual(new Set([0, 1]));
    harness.emu.assertNoViolations();

    // Each replica knows the generation it serves.
    harness.emu.useHttpInteractions([harness.replicas[1]!.interactionsUrl]);
    const status = await harness.emu.slashCommand('corpus status', {}, actors.moderator).reply();
    const field = status.embeds[0]?.fields?.find((f) => f.name === 'Corpus generation served');
    expect(unescapeMarkdown(field?.value ?? '')).toContain(`this process: ${startGeneration + 2}`);
  }, 60_000);
});
