/**
 * The real bot against the Discord emulator: the pager buttons (also after a restart, and when
 * clicked by someone else or on a stale message), the Find sources context menu, a deferred reply,
 * an unknown command, a handler that throws, the per-user cooldown, and the faults: a dropped gateway
 * connection and a 429 on an interaction callback.
 */
import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApplicationCommandOptionType, ApplicationCommandType, type APIMessage } from 'discord-api-types/v10';
import { helpCommand } from '../../src/commands/help.js';
import { privateOption } from '../../src/commands/options.js';
import { FIND_SOURCES } from '../../src/discord/findSources.js';
import type { BotExtension } from '../../src/discord/extensions.js';
import { noteMessage } from '../../src/discord/replies.js';
import { NOTES, type SlashCommand } from '../../src/discord/router.js';
import { unescapeMarkdown as plain } from '../../src/render/discordMessage.js';
import { KnowledgeStore } from '../../src/search/knowledgeStore.js';
import { buildMessage, isEphemeral } from '../emulator/index.js';
import { interactionLog, newUser, startHarness, type Harness } from './harness.js';

const PAUSE_MS = 400;

/** Test-only commands, served and registered next to the real ones. */
const slowCommand: SlashCommand = {
  name: 'slow-help',
  summary: 'help, after a pause',
  definition: {
    name: 'slow-help',
    description: 'The help answer after a pause (test only)',
    type: ApplicationCommandType.ChatInput,
    options: [privateOption],
  },
  options: z.object({}),
  run: async (knowledge) => {
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS)); // slow work, not an assertion
    return helpCommand.run(knowledge, {});
  },
};

const throwingCommand: SlashCommand = {
  name: 'boom',
  summary: 'always fails',
  definition: {
    name: 'boom',
    description: 'A handler that throws (test only)',
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'what',
        description: 'anything',
        required: false,
        autocomplete: true,
      },
      privateOption,
    ],
  },
  options: z.object({ what: z.string().optional() }),
  run: () => {
    throw new Error('boom: a handler failed');
  },
  autocomplete: () => {
    throw new Error('boom: autocomplete failed');
  },
};

/** A test extension, the way the moderation commands plug in: its own command, served by the router. */
const extension: BotExtension = {
  name: 'test-extension',
  definitions: [
    { name: 'corpus-size', description: 'How many articles (test extension)', type: ApplicationCommandType.ChatInput },
  ],
  create: ({ store }) => ({
    name: 'corpus-size',
    matches: (i) => i.kind === 'command' && i.commandName === 'corpus-size',
    handle: async (i) => {
      if (i.kind !== 'command') return 'unknown';
      await i.reply(noteMessage(`${store.current.corpus.articles.length} articles`), true);
      return 'ok';
    },
  }),
};

let h: Harness;
let corpusDir: string;

beforeAll(async () => {
  // A private copy of the corpus, so one test can change it and reload.
  corpusDir = await mkdtemp(join(tmpdir(), 'statement-desk-e2e-'));
  await cp('corpus', corpusDir, { recursive: true });
  h = await startHarness({
    extraCommands: [slowCommand, throwingCommand],
    store: await KnowledgeStore.open(corpusDir),
    deferAfterMs: 150,
    cooldown: { uses: 4, perMs: 60_000 },
    extensions: [extension],
  });
});
afterEach(() => h.emu.assertNoViolations());
afterAll(async () => {
  await h?.close();
  await rm(corpusDir, { recursive: true, force: true });
});

function buttons(message: APIMessage): Array<{ label: string; customId?: string; url?: string }> {
  return (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) =>
          c.type === 2
            ? [
                {
                  label: 'label' in c ? String(c.label) : '',
                  ...('custom_id' in c ? { customId: c.custom_id } : {}),
                  ...('url' in c ? { url: c.url } : {}),
                },
              ]
            : [],
        )
      : [],
  );
}

function pagerId(message: APIMessage, label: RegExp): string {
  const found = buttons(message).find((b) => b.customId && label.test(b.label));
  if (!found?.customId)
    throw new Error(
      `no button ${label} on the message; it has ${buttons(message)
        .map((b) => b.label)
        .join(', ')}`,
    );
  return found.customId;
}

function citationNumbers(message: APIMessage): number[] {
  return (message.embeds[0]?.fields ?? []).flatMap((f) =>
    /^\[(\d+)\]/.exec(f.name) ? [Number(/^\[(\d+)\]/.exec(f.name)![1])] : [],
  );
}

describe('More passages', () => {
  it('pages forward and back by editing the message; state lives in the custom id', async () => {
    const user = newUser();
    const reply = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, user)
      .reply();
    expect(citationNumbers(reply)).toEqual([1, 2, 3]);
    const more = pagerId(reply, /^More passages/);
    expect(more.length).toBeLessThanOrEqual(100);
    expect(more).toMatch(new RegExp(`^more:v1:ask:3:${user.userId}:[\\w-]{8}:[\\w-]{6}$`));

    const next = await h.emu.clickButton(reply, more, user).response();
    expect(next.type).toBe(7); // UPDATE_MESSAGE: the same message, edited
    expect(next.message?.id).toBe(reply.id);
    expect(citationNumbers(next.message!)).toEqual([4, 5, 6]);
    expect(next.message!.embeds[0]!.title).toBe(reply.embeds[0]!.title);
    expect(next.message!.embeds[0]!.footer?.text).toMatch(/passages 4–6 of/);

    const back = await h.emu.clickButton(next.message!, pagerId(next.message!, /Previous/), user).response();
    expect(back.type).toBe(7);
    expect(citationNumbers(back.message!)).toEqual([1, 2, 3]);
  });

  it('pages a long question, read back from the embed and checked against the hash in the id', async () => {
    const user = newUser();
    const question = 'North Korea and Russia military cooperation, '.repeat(12).slice(0, 480).trim();
    const reply = await h.emu.slashCommand('ask', { question }, user).reply();
    const next = await h.emu.clickButton(reply, pagerId(reply, /^More passages/), user).response();
    expect(next.type).toBe(7);
    expect(next.message!.embeds[0]!.description!.split('\n')[0]).toBe(reply.embeds[0]!.description!.split('\n')[0]);
    expect(citationNumbers(next.message!)[0]).toBe(4);
  });

  it('pages dprk-response by statement id', async () => {
    const user = newUser();
    const reply = await h.emu.slashCommand('dprk-response', {}, user).reply();
    const next = await h.emu.clickButton(reply, pagerId(reply, /^More passages/), user).response();
    expect(next.type).toBe(7);
    expect(citationNumbers(next.message!)[0]).toBe(5);
  });

  it('keeps working after the bot restarts (nothing kept in memory)', async () => {
    const user = newUser();
    const reply = await h.emu.slashCommand('ask', { question: 'reckless provocation' }, user).reply();
    await h.restart();
    const next = await h.emu.clickButton(reply, pagerId(reply, /^More passages/), user).response();
    expect(next.type).toBe(7);
    expect(citationNumbers(next.message!)[0]).toBe(4);
  });

  it('a click by someone else gets a polite ephemeral note and leaves the answer alone', async () => {
    const asker = newUser();
    const reply = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, asker)
      .reply();
    const click = h.emu.clickButton(reply, pagerId(reply, /^More passages/), newUser('other'));
    const response = await click.response();
    expect(response.type).toBe(4);
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.foreign);
    expect(h.emu.message(reply.id)?.embeds[0]?.fields?.[0]?.name).toMatch(/^\[1\]/);
    expect(await interactionLog(h, click.id)).toMatchObject({ kind: 'button', outcome: 'foreign' });
  });

  it('a stale message (its question changed) or a button from an older version gets the expired note', async () => {
    const user = newUser();
    const reply = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, user)
      .reply();
    const more = pagerId(reply, /^More passages/);
    const edited = buildMessage({
      channelId: reply.channel_id,
      author: reply.author,
      content: '',
      embeds: [{ ...reply.embeds[0], title: 'a different question' }],
    });
    edited.components = reply.components ?? [];
    const stale = await h.emu.clickButton(edited, more, user).response();
    expect(stale.ephemeral).toBe(true);
    expect(stale.data.content).toBe(NOTES.expired);

    const old = buildMessage({ channelId: reply.channel_id, author: reply.author, content: '', embeds: reply.embeds });
    old.components = [
      { type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: `more:v0:ask:3:${user.userId}` }] },
    ];
    const response = await h.emu.clickButton(old, `more:v0:ask:3:${user.userId}`, user).response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.expired);
  });
});

describe('Find sources (message context menu)', () => {
  it('searches the corpus for what a message says and answers ephemerally, quoting the message', async () => {
    const user = newUser();
    const check = h.emu.messageCommand(
      FIND_SOURCES,
      { content: 'North Korea and **Russia**: military cooperation <@123456789012345678> https://example.org/x' },
      user,
    );
    const response = await check.response();
    expect(response.type).toBe(4);
    expect(response.ephemeral).toBe(true);
    const embed = response.message!.embeds[0]!;
    expect(embed.title).toBe('Sources for this message');
    expect(plain(embed.description!.split('\n')[0]!)).toBe('> North Korea and Russia: military cooperation');
    expect(embed.fields![0]!.value).toMatch(/\*\*/); // matched words in bold

    const next = await h.emu
      .clickButton(response.message!, pagerId(response.message!, /^More passages/), user)
      .response();
    expect(next.type).toBe(7);
    expect(isEphemeral(next.message)).toBe(true);
    expect(citationNumbers(next.message!)[0]).toBe(4);
  });

  it('a message without text gets a polite note', async () => {
    const response = await h.emu
      .messageCommand(FIND_SOURCES, { content: '<@123456789012345678> https://example.org' }, newUser())
      .response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.noText);
  });
});

describe('deferred replies', () => {
  it('work that passes the defer budget is deferred, then the answer replaces “thinking…”', async () => {
    const slow = h.emu.slashCommand('slow-help', { private: true }, newUser());
    const response = await slow.response();
    expect(response.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(response.ephemeral).toBe(true);
    const reply = await slow.reply();
    expect(reply.embeds[0]?.title).toBe('statement\\-desk');
    expect(await interactionLog(h, slow.id)).toMatchObject({ outcome: 'ok', deferred: true });
  });

  it('fast answers are not deferred', async () => {
    const fast = h.emu.slashCommand('help', {}, newUser());
    expect((await fast.response()).type).toBe(4);
  });
});

describe('errors', () => {
  it('an unknown command (a stale registration) gets an ephemeral note', async () => {
    h.emu.seedCommands(
      [{ name: 'retired', description: 'A command this version no longer serves', type: 1 }],
      h.emu.guild.id,
    );
    const retired = h.emu.slashCommand('retired', {}, newUser());
    const response = await retired.response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.unknown('retired'));
    expect(await interactionLog(h, retired.id)).toMatchObject({ outcome: 'unknown', command: 'retired' });
  });

  it('a handler that throws becomes an ephemeral “something went wrong” with an error id that is also logged', async () => {
    const boom = h.emu.slashCommand('boom', {}, newUser());
    const response = await boom.response();
    expect(response.ephemeral).toBe(true);
    const id = /error id `([0-9a-f]{6})`/.exec(String(response.data.content))?.[1];
    expect(id).toBeDefined();
    const error = await h.waitForLog((l) => l.event === 'interaction-error' && l.errorId === id);
    expect(error).toMatchObject({ level: 'error', command: 'boom', error: { message: 'boom: a handler failed' } });
    expect(await interactionLog(h, boom.id)).toMatchObject({ outcome: 'error', errorId: id });
    // The bot is still serving.
    expect((await h.emu.slashCommand('help', {}, newUser()).response()).type).toBe(4);
  });

  it('an autocomplete handler that throws shows no suggestions and never an error', async () => {
    const auto = h.emu.autocomplete('boom', { what: 'x' }, newUser());
    const response = await auto.response();
    expect(response.type).toBe(8);
    expect(response.choices).toEqual([]);
    await h.waitForLog((l) => l.event === 'autocomplete-error' && l.command === 'boom');
  });
});

describe('extensions', () => {
  it('an extension’s command is registered by deploy-commands and served through the router', async () => {
    expect(h.emu.commands(h.emu.guild.id).map((c) => c.name)).toContain('corpus-size');
    const size = h.emu.slashCommand('corpus-size', {}, newUser());
    const response = await size.response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toMatch(/^\d+ articles$/);
    expect(await interactionLog(h, size.id)).toMatchObject({ command: 'corpus-size', outcome: 'ok' });
  });
});

describe('cooldown', () => {
  it('stops one user flooding a channel, politely and privately; others are not affected', async () => {
    const flooder = newUser('flooder');
    for (let i = 0; i < 4; i++) expect((await h.emu.slashCommand('help', {}, flooder).response()).type).toBe(4);
    const fifth = h.emu.slashCommand('help', {}, flooder);
    const response = await fifth.response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toMatch(/^You're asking quickly: please wait \d+ s/);
    expect(await interactionLog(h, fifth.id)).toMatchObject({ outcome: 'cooldown' });
    expect((await h.emu.slashCommand('help', {}, newUser()).response()).ephemeral).toBe(false);
  });
});

describe('faults', () => {
  it('the gateway connection drops mid-session: the bot resumes and answers the next interaction', async () => {
    await h.emu.dropConnection();
    const reconnect = await h.emu.waitForReconnect();
    expect(reconnect.kind).toBe('resume');
    await h.waitForLog((l) => l.event === 'gateway-resumed');
    const reply = await h.emu
      .slashCommand('ask', { question: 'who signed the December statement?' }, newUser())
      .reply();
    expect(reply.embeds[0]?.fields?.length).toBeGreaterThan(0);
  });

  it('an interaction callback answered with 429 once: the reply still arrives', async () => {
    h.emu.failNextCallback(429, 0.05);
    const ask = h.emu.slashCommand('help', {}, newUser());
    const reply = await ask.reply();
    expect(reply.embeds[0]?.title).toBe('statement\\-desk');
    const callbacks = h.emu.requests.filter((r) => r.path.includes(`/interactions/${ask.id}/`));
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
  });
});

describe('corpus changes', () => {
  it('after a reload with a changed corpus, old buttons say the corpus was updated', async () => {
    const user = newUser();
    const reply = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, user)
      .reply();
    const file = join(corpusDir, 'articles', 'kyivpost-reckless-provocation.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA paragraph added by a test about troops.\n`);
    await h.bot.store.reload();
    const response = await h.emu.clickButton(reply, pagerId(reply, /^More passages/), user).response();
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.corpusChanged);
  });
});
