/**
 * Hostile corpus files and lock faults through Discord: the real bot against the emulator, each test
 * on its own corpus copy. A hostile upload is refused naming its file and line (not "something went
 * wrong"), and is read off the bot's thread, so an /ask sent meanwhile is answered and the event loop
 * never stalls; a hostile file on disk makes /corpus reload say which file and line; a `.lock` that
 * is a directory makes /corpus statement add answer (busy, naming it) and the reload behind it too.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApplicationCommandType, type APIMessage } from 'discord-api-types/v10';
import { z } from 'zod';
import type { SlashCommand } from '../../src/discord/router.js';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusExtension } from '../../src/discord/corpusExtension.js';
import { CORPUS_NOTES } from '../../src/discord/corpusMessages.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import { actors, attachment } from '../emulator/index.js';
import { hashDir } from '../fixtures/corpusFixtures.js';
import { copyCorpus } from '../helpers/corpusCopy.js';
import { aliasBombArticle, deepHtml, manyKeysArticle, missingAnchorArticle } from '../helpers/hostileInputs.js';
import { newUser, startHarness, TEST_TOKEN, type Harness, type HarnessOptions } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    h.emu.assertNoViolations();
    await h.close();
  }
});

async function start(options: HarnessOptions = {}): Promise<{ h: Harness; dir: string }> {
  const dir = await copyCorpus();
  const h = await startHarness({ cooldown: false, ...options, config: { corpusDir: dir, ...options.config } });
  harnesses.push(h);
  return { h, dir };
}

function shown(message: APIMessage): string {
  const parts = [
    message.content,
    ...message.embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
  return unescapeMarkdown(
    parts
      .filter(Boolean)
      .join('\n')
      .replace(/(?<!\\)`/g, ''),
  );
}

describe('hostile uploads', { timeout: 90_000 }, () => {
  it('each is refused naming its file and line while /ask keeps being answered and the event loop never stalls', async () => {
    const { h, dir } = await start();
    const before = await hashDir(dir);
    const uploads: Array<[string, string, RegExp]> = [
      // 100,000 keys held the bot's own thread for minutes (20,000 for 9–16 s) before they were refused.
      ['keys.md', manyKeysArticle('keys', 100_000), /keys\.md:2: \d+(\.\d)? MB of YAML; the limit is 16 KB/],
      ['bomb.md', aliasBombArticle('bomb', 4, 4), /bomb\.md:\d+: invalid YAML: Excessive alias count/],
      ['anchor.md', missingAnchorArticle('anchor'), /anchor\.md:3: invalid YAML: the alias \*nowhere has no anchor/],
      ['deep.html', deepHtml(100_000), /the page nests its elements more than 256 levels deep/],
    ];
    const question = 'How many North Korean troops were sent to Russia?';
    await h.emu.slashCommand('ask', { question }, newUser()).reply(); // a first answer warms the caches, which costs the thread
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const refusals = uploads.map(([name, content]) =>
      h.emu
        .slashCommand(
          'corpus add',
          {
            file: attachment(name, { content: Buffer.from(content) }),
            title: 'T',
            outlet: 'O',
            published: '2025-03-10',
          },
          actors.moderator,
        )
        .reply({ timeoutMs: 60_000 }),
    );
    const answer = await h.emu.slashCommand('ask', { question }, newUser()).reply();
    const replies = await Promise.all(refusals);
    delay.disable();
    expect(shown(answer)).toMatch(/10,000/);
    replies.forEach((reply, i) => {
      const [, , reason] = uploads[i]!;
      expect(reply.embeds[0]?.title, shown(reply)).toBe('Refused');
      expect(shown(reply)).toMatch(reason);
    });
    // The bot's thread kept running (a loose bound for a loaded machine: before, the keys alone held it for minutes).
    expect(delay.max / 1e6).toBeLessThan(1000);
    expect(await hashDir(dir)).toEqual(before);
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('hostile files on disk', { timeout: 60_000 }, () => {
  it('/corpus reload names each file and line and keeps answering from the last good corpus', async () => {
    const { h, dir } = await start();
    await writeFile(join(dir, 'articles', 'bomb.md'), aliasBombArticle('bomb', 4, 4));
    await writeFile(join(dir, 'articles', 'anchor.md'), missingAnchorArticle('anchor'));
    await mkdir(join(dir, 'articles', 'folder.md'));
    const reply = await h.emu.slashCommand('corpus reload', {}, actors.moderator).reply();
    expect(reply.embeds[0]?.title, shown(reply)).toBe('Reload refused');
    const text = shown(reply);
    expect(text).toMatch(/articles\/bomb\.md:\d+ invalid YAML: Excessive alias count/);
    expect(text).toMatch(/articles\/anchor\.md:3 invalid YAML: the alias \*nowhere has no anchor/);
    expect(text).toMatch(/articles\/folder\.md:1 a directory, not a file/);
    expect(
      shown(
        await h.emu
          .slashCommand('ask', { question: 'How many North Korean troops were sent to Russia?' }, newUser())
          .reply(),
      ),
    ).toMatch(/10,000/);
  });

  it('a .lock that is a directory: /corpus statement add answers (busy, naming it), and the reload queued behind it answers too', async () => {
    const { h, dir } = await start({ extensions: [corpusExtension({ moderation: { hooks: { lockWaitMs: 300 } } })] });
    await mkdir(join(dir, '.lock'));
    const add = h.emu
      .slashCommand(
        'corpus statement add',
        { id: 'joint-2025-03-04', title: 'Joint statement', date: '2025-03-04', 'issued-by': 'Ten foreign ministers' },
        actors.moderator,
      )
      .reply({ timeoutMs: 20_000 });
    const reload = h.emu.slashCommand('corpus reload', {}, actors.moderator).reply({ timeoutMs: 20_000 });
    const [added, reloaded] = await Promise.all([add, reload]);
    expect(shown(added)).toMatch(
      /The corpus lock \.lock is a directory, so no change can be made; if no change is in progress, remove it/,
    );
    expect(shown(reloaded)).toMatch(/reloaded/i);
  });
});

/** The token as an echo can carry it: a proxy's percent-encoding, a header or body echoed in base64. */
const percentAll = (text: string) =>
  [...Buffer.from(text)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const TOKEN_ECHOES = [
  TEST_TOKEN,
  `Authorization: Bot ${TEST_TOKEN}`,
  percentAll(TEST_TOKEN),
  percentAll(TEST_TOKEN).toLowerCase(),
  encodeURIComponent(`Bot ${TEST_TOKEN}`).replace(/\./g, '%2E'),
  ...['', 'x', 'xy'].map((lead) => Buffer.from(`${lead}Authorization: Bot ${TEST_TOKEN}\r\n`).toString('base64')),
  Buffer.from(`{"token":"${TEST_TOKEN}"}`).toString('base64url'),
  `signature only: ${TEST_TOKEN.split('.').pop()!}`,
];

/** A handler whose error message echoes the token in every form (as an upstream error might). */
const echoingCommand: SlashCommand = {
  name: 'echo-token',
  summary: 'fails with the token in its message',
  definition: {
    name: 'echo-token',
    description: 'A handler whose error echoes the token (test only)',
    type: ApplicationCommandType.ChatInput,
  },
  options: z.object({}),
  run: () => {
    throw new Error(`upstream said: ${TOKEN_ECHOES.join(' | ')}`);
  },
};

describe('token redaction', () => {
  it('a log line never carries the token: raw, in the Bot header, percent-encoded, or in base64 of anything around it', async () => {
    const { h } = await start({ extraCommands: [echoingCommand] });
    await h.emu.slashCommand('echo-token', {}, newUser()).reply();
    const line = await h.waitForLog(
      (l) => l.event === 'interaction' && l.command === 'echo-token' && l.outcome === 'error',
    );
    const raw = h.rawLogs.join('\n');
    expect(line.errorId).toEqual(expect.any(String));
    expect(raw).toMatch(/upstream said/);
    for (const echo of TOKEN_ECHOES) expect(raw).not.toContain(echo);
    // What is left around each redaction cannot be decoded back to the token's signature.
    const signature = TEST_TOKEN.split('.').pop()!;
    for (const run of raw.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
      for (const alphabet of ['base64', 'base64url'] as const)
        expect(Buffer.from(run, alphabet).toString('latin1')).not.toContain(signature.slice(0, 12));
    }
    expect(raw.split('[redacted]').length - 1).toBeGreaterThanOrEqual(TOKEN_ECHOES.length);
  });
});

describe('a forged removal button', () => {
  it('a far-future time, another article, or no signature: refused like a stale button, nothing removed; the real one works', async () => {
    const { h, dir } = await start();
    const before = await hashDir(dir);
    const confirmation = await h.emu
      .slashCommand('corpus remove', { article: 'kyivpost-reckless-provocation' }, actors.moderator)
      .reply();
    const ids = (confirmation.components ?? [])
      .flatMap((row) => ('components' in row ? (row.components as Array<{ custom_id?: string }>) : []))
      .map((c) => c.custom_id ?? '');
    const real = ids.find((id) => id.startsWith('corpus:v1:rm:'))!;
    const [, , , user, issued, article, signature] = real.split(':');
    const farFuture = Math.floor(Date.now() / 1000 + 10 * 365 * 86_400).toString(36);
    const forged = [
      `corpus:v1:rm:${user}:${farFuture}:${article}`, // the unsigned form, with a time that would never expire
      `corpus:v1:rm:${user}:${farFuture}:${article}:${signature}`,
      `corpus:v1:rm:${user}:${issued}:dw-nato-declaration-response:${signature}`,
      `corpus:v1:rm:${user}:${issued}:${article}:${'A'.repeat(12)}`,
    ];
    for (const id of forged) {
      const reply = await h.emu.clickForgedButton(confirmation, id, actors.moderator).reply();
      expect(reply.content, id).toBe(CORPUS_NOTES.expiredButton);
    }
    expect(await hashDir(dir)).toEqual(before);
    const removed = await h.emu.clickButton(confirmation, real, actors.moderator).reply();
    expect(shown(removed)).toMatch(/removed article kyivpost-reckless-provocation/);
  });
});
