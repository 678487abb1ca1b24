/**
 * The real bot (startBot: discord.js client, router, knowledge core) logged in to the Discord emulator:
 * registration, every slash command and option, ephemeral replies, autocomplete and the log lines.
 * Everything goes through the emulator's REST and gateway; nothing of Discord is mocked in-process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.js';
import { FIND_SOURCES } from '../../src/discord/findSources.js';
import { DISCORD_LIMITS } from '../../src/config/constants.js';
import { unescapeMarkdown as plain } from '../../src/render/discordMessage.js';
import { Client, GatewayIntentBits } from 'discord.js';
import { DiscordEmulator, isEphemeral } from '../emulator/index.js';
import { interactionLog, newUser, startHarness, TEST_TOKEN, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.emu.assertNoViolations());
afterAll(async () => {
  await h?.close();
});

function embedOf(message: APIMessage): APIEmbed {
  expect(message.embeds).toHaveLength(1);
  return message.embeds[0]!;
}

/** Every link button on a message, as { label, url }. */
function linkButtons(message: APIMessage): Array<{ label: string; url: string }> {
  return (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) => ('url' in c && c.url ? [{ label: String(c.label), url: c.url }] : []))
      : [],
  );
}

function customIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : [])) : [],
  );
}

describe('registration (deploy-commands against the emulator)', () => {
  it('registers every slash command and the Find sources message command, from the handlers’ own definitions', () => {
    const registered = h.emu.commands(h.emu.guild.id);
    // The knowledge commands, the message menu, and the extensions' commands (/corpus).
    expect(registered.map((c) => c.name).sort()).toEqual(
      [...commands.map((c) => c.name), FIND_SOURCES, 'corpus'].sort(),
    );
    for (const command of commands) {
      const stored = registered.find((c) => c.name === command.name)!;
      expect(stored.description).toBe(command.definition.description);
      expect(stored.options?.map((o) => o.name)).toEqual(command.definition.options?.map((o) => o.name));
      expect(stored.options?.some((o) => o.name === 'private')).toBe(true);
    }
    expect(registered.find((c) => c.name === FIND_SOURCES)?.type).toBe(3);
  });

  it('logs in with the Guilds intent only (no privileged intents)', async () => {
    expect(h.emu.identifiedIntents).toBe(GatewayIntentBits.Guilds);
    // The emulator refuses privileged intents as Discord does for an application that has not enabled them.
    const emu = await DiscordEmulator.start();
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      ...emu.clientOptions,
    });
    try {
      await expect(client.login(emu.token)).rejects.toThrow(/intent/i);
      expect(emu.takeViolations().map((v) => v.rule)).toEqual(['gateway.intents.privileged']);
    } finally {
      await client.destroy();
      await emu.close();
    }
  });
});

describe('slash commands', () => {
  it('/ask: the question as title, a quoted lead, numbered cited passages, a link button per cited article', async () => {
    const ask = h.emu.slashCommand('ask', { question: 'how many troops did North Korea send?' }, newUser());
    const response = await ask.response();
    expect(response.type).toBe(4);
    expect(response.ephemeral).toBe(false);
    expect(response.data.allowed_mentions).toEqual({ parse: [] });
    const reply = await ask.reply();
    const embed = embedOf(reply);
    expect(embed.title).toBe('how many troops did North Korea send?');
    expect(plain(embed.description!)).toMatch(/“.*troops.*” \[1\]$/);
    expect(embed.fields?.map((f) => f.name.slice(0, 4))).toEqual(['[1] ', '[2] ', '[3] ']);
    for (const field of embed.fields!)
      expect(field.value).toMatch(/^> [\s\S]*\n— \[.+\]\(https?:\/\/.+\), paragraph \d+$/);
    expect(embed.footer?.text).toMatch(/passages 1–3 of \d+/);
    // Every cited URL has its link button, labelled with the citation numbers and the outlet.
    const cited = new Set(embed.fields!.map((f) => /\]\((https?:\/\/[^)]+)\)/.exec(f.value)![1]));
    expect(new Set(linkButtons(reply).map((b) => b.url))).toEqual(cited);
    for (const b of linkButtons(reply)) expect(b.label).toMatch(/^(\[\d+\])+ \S/);
    expect(customIds(reply).some((id) => id.startsWith('more:v1:ask:3:'))).toBe(true);
  });

  it('/ask: a question outside the corpus says so, with no citations and no buttons', async () => {
    const reply = await h.emu.slashCommand('ask', { question: 'best pizza recipe in Naples' }, newUser()).reply();
    const embed = embedOf(reply);
    expect(embed.description).toMatch(/Nothing in the corpus is about this/);
    expect(embed.fields ?? []).toEqual([]);
    expect(reply.components ?? []).toEqual([]);
  });

  it('/ask: a 500-character question is answered, shown in full and within every limit', async () => {
    const question =
      `${'Which countries condemned the military cooperation between North Korea and Russia, and '.repeat(6)}who signed`.slice(
        0,
        500,
      );
    const ask = h.emu.slashCommand('ask', { question }, newUser());
    const embed = embedOf(await ask.reply());
    expect(embed.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed.description!.split('\n')[0]).toBe(`> ${question.trim()}`);
  });

  it('/who-signed statement: names the signatories, each traced to a citation', async () => {
    const reply = await h.emu.slashCommand('who-signed', { statement: 'December statement' }, newUser()).reply();
    const embed = embedOf(reply);
    expect(plain(embed.title!)).toBe('Who signed: Joint statement on DPRK–Russia military cooperation');
    expect(embed.fields![0]!.name).toBe('Signatories, as the passages name them');
    expect(embed.fields![0]!.value).toMatch(/Australia \[1\].*Japan \[1\]/);
    expect(linkButtons(reply).length).toBeGreaterThan(0);
  });

  it('/who-signed with no statement lists the statements to choose from', async () => {
    const embed = embedOf(await h.emu.slashCommand('who-signed', {}, newUser()).reply());
    expect(embed.description).toMatch(/^Which statement\?/);
    expect(embed.description).toMatch(/`joint-2024-12-16`/);
  });

  it('/dprk-response statement: North Korea’s answer, cited only from response passages', async () => {
    const reply = await h.emu.slashCommand('dprk-response', { statement: 'joint-2024-12-16' }, newUser()).reply();
    const embed = embedOf(reply);
    expect(plain(embed.title!)).toMatch(/^North Korea’s response: /);
    expect(embed.description).toMatch(/^North Korea answered/);
    expect(embed.fields!.length).toBeGreaterThan(0);
  });

  it('/dprk-response with no statement gives every response, paged with More passages', async () => {
    const reply = await h.emu.slashCommand('dprk-response', {}, newUser()).reply();
    expect(embedOf(reply).title).toBe('North Korea’s responses');
    expect(customIds(reply)).toEqual([expect.stringMatching(/^more:v1:dprk:4:\d+:\*:[\w-]{6}$/)]);
  });

  it('/dprk-response for a statement North Korea did not answer says so plainly', async () => {
    const embed = embedOf(
      await h.emu.slashCommand('dprk-response', { statement: 'joint-2024-05-31' }, newUser()).reply(),
    );
    expect(embed.description).toMatch(/no North Korean response/);
    expect(embed.fields ?? []).toEqual([]);
  });

  it('/timeline: the events in date order, cited', async () => {
    const embed = embedOf(await h.emu.slashCommand('timeline', {}, newUser()).reply());
    const dates = [...embed.description!.matchAll(/`(\d{4}-\d{2}(?:-\d{2})?)`/g)].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThanOrEqual(6);
    expect([...dates].sort()).toEqual(dates);
  });

  it('/sources: every article, with outlet, date and link', async () => {
    const embed = embedOf(await h.emu.slashCommand('sources', {}, newUser()).reply());
    expect(embed.title).toBe('Sources');
    expect(embed.description).toMatch(/^\d+ articles, \d+ paragraphs\./);
    expect(embed.description).toMatch(/\]\(https:\/\/www\.kyivpost\.com\/post\/44129\)/);
  });

  it('answers in a direct message with the bot too', async () => {
    const response = await h.emu.slashCommand('help', {}, { ...newUser(), guildId: null }).response();
    expect(response.type).toBe(4);
    expect(response.message?.embeds[0]?.title).toBe('statement\\-desk');
  });

  it('/help: what the bot answers and how to ask', async () => {
    const embed = embedOf(await h.emu.slashCommand('help', {}, newUser()).reply());
    expect(plain(embed.description!)).toMatch(/• ask: /);
    expect(plain(embed.description!)).toMatch(/• who-signed: /);
  });

  const optionsFor: Record<string, Record<string, string>> = {
    ask: { question: 'who signed the December statement?' },
    'who-signed': { statement: 'NATO declaration' },
    'dprk-response': { statement: 'NATO declaration' },
  };
  it.each(commands.map((c) => c.name))('/%s private:true replies ephemerally; private:false publicly', async (name) => {
    const user = newUser();
    const hidden = await h.emu.slashCommand(name, { ...optionsFor[name], private: true }, user).response();
    expect(hidden.type).toBe(4);
    expect(hidden.ephemeral).toBe(true);
    expect(isEphemeral(hidden.message)).toBe(true);
    const shown = await h.emu.slashCommand(name, { ...optionsFor[name], private: false }, user).response();
    expect(shown.ephemeral).toBe(false);
    expect(shown.message?.embeds[0]?.title).toBe(hidden.message?.embeds[0]?.title);
  });
});

describe('autocomplete', () => {
  it.each(['who-signed', 'dprk-response'])(
    '/%s statement: the registry’s statements, best match first',
    async (name) => {
      const response = await h.emu.autocomplete(name, { statement: 'dec' }, newUser()).response();
      expect(response.type).toBe(8);
      expect(response.choices.length).toBeGreaterThan(0);
      expect(response.choices.length).toBeLessThanOrEqual(25);
      expect(response.choices[0]).toEqual({
        name: 'Joint statement on DPRK–Russia military cooperation (16 December 2024)',
        value: 'joint-2024-12-16',
      });
      for (const c of response.choices) expect(c.name.length).toBeLessThanOrEqual(100);
    },
  );

  it('statement: an alias finds its statement; an empty field offers every statement', async () => {
    const nato = await h.emu.autocomplete('who-signed', { statement: 'nato decl' }).response();
    expect(nato.choices[0]?.value).toBe('nato-2024-07-10');
    const all = await h.emu.autocomplete('who-signed', { statement: '' }).response();
    expect(all.choices.map((c) => c.value)).toEqual(
      expect.arrayContaining(['joint-2024-05-31', 'nato-2024-07-10', 'joint-2024-11-06', 'joint-2024-12-16']),
    );
  });

  it('a picked suggestion (the statement id) answers the command', async () => {
    const [choice] = (await h.emu.autocomplete('who-signed', { statement: 'troop deployment' }).response()).choices;
    const embed = embedOf(
      await h.emu.slashCommand('who-signed', { statement: String(choice!.value) }, newUser()).reply(),
    );
    expect(plain(embed.title!)).toMatch(/^Who signed: /);
  });

  it('/ask question: completes the last word from the corpus vocabulary', async () => {
    const response = await h.emu.autocomplete('ask', { question: 'who condemned the depl' }).response();
    expect(response.choices[0]?.value).toBe('who condemned the depl');
    expect(response.choices.map((c) => c.value)).toContain('who condemned the deployment');
    expect(response.choices.length).toBeLessThanOrEqual(25);
  });

  it('autocomplete is logged at debug level with its outcome, never rate limited', async () => {
    const user = newUser();
    const sent = Array.from({ length: 8 }, () => h.emu.autocomplete('ask', { question: 'troo' }, user));
    for (const a of sent) expect((await a.response()).type).toBe(8);
    const line = await interactionLog(h, sent[0]!.id);
    expect(line).toMatchObject({ level: 'debug', kind: 'autocomplete', command: 'ask', outcome: 'ok' });
  });
});

describe('logs', () => {
  it('one JSON line per interaction: command, user, guild, latency, outcome; the token never appears', async () => {
    const user = newUser();
    const ask = h.emu.slashCommand('help', {}, user);
    await ask.reply();
    const line = await interactionLog(h, ask.id);
    expect(line).toMatchObject({
      level: 'info',
      event: 'interaction',
      kind: 'command',
      command: 'help',
      user: user.userId,
      guild: h.emu.guild.id,
      outcome: 'ok',
    });
    expect(typeof line.latencyMs).toBe('number');
    expect(typeof line.time).toBe('string');
    expect(h.logs.some((l) => l.event === 'knowledge-loaded')).toBe(true);
    expect(h.logs.some((l) => l.event === 'ready')).toBe(true);
    expect(h.rawLogs.join('\n')).not.toContain(TEST_TOKEN);
  });
});
