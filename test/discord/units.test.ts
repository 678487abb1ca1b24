/** The Discord side's pure parts: configuration, custom ids, Find sources text, choices, cooldown, logs, text rendering. */
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import { applicationCommands } from '../../src/discord/deployCommands.js';
import { decodePager, encodePager, queryHash } from '../../src/discord/buttons.js';
import { clientOptions, isLocalApi } from '../../src/discord/createClient.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import { ConfigError, parseConfig } from '../../src/discord/env.js';
import { findSourcesQuery } from '../../src/discord/findSources.js';
import { createLogger } from '../../src/discord/logger.js';
import { parseCommandLine } from '../../scripts/playground/parseCommandLine.js';
import { fitChoices } from '../../src/discord/router.js';
import { renderAnswerEmbed, shownQuery, unescapeMarkdown } from '../../src/render/discordMessage.js';
import { markdownToText, renderDiscordText } from '../../scripts/playground/discordText.js';
import { escapeMarkdown } from '../../src/render/markdown.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123';
const GOOD = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '100000000000000001', CORPUS_DIR: 'corpus' };

function problems(env: Record<string, string | undefined>, purpose: 'bot' | 'deploy' = 'bot'): string {
  try {
    parseConfig(env, purpose);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('parseConfig', () => {
  it('reads a valid environment; blank optional variables count as unset', () => {
    const config = parseConfig({
      ...GOOD,
      DISCORD_GUILD_ID: ' ',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      token: TOKEN,
      clientId: '100000000000000001',
      guildId: null,
      apiBase: 'http://127.0.0.1:8080/api',
      logLevel: 'warn',
    });
    expect(config.corpusDir).toMatch(/corpus$/);
    expect(parseConfig(GOOD).apiBase).toBeNull();
  });

  it('names each missing or malformed variable on one line, never echoing a value', () => {
    const message = problems({
      DISCORD_CLIENT_ID: '12ab',
      DISCORD_GUILD_ID: 'guild-qq',
      LOG_LEVEL: 'loudzz',
      CORPUS_DIR: 'corpus',
    });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/DISCORD_TOKEN is missing/);
    expect(message).toMatch(/DISCORD_CLIENT_ID is malformed/);
    expect(message).toMatch(/DISCORD_GUILD_ID is malformed/);
    expect(message).toMatch(/LOG_LEVEL is malformed: expected one of debug, info, warn, error, silent/);
    expect(message).not.toMatch(/12ab|guild-qq|loudzz/);
  });

  it('rejects an API base with a version, or not http(s); a missing corpus folder only for the bot', () => {
    expect(problems({ ...GOOD, DISCORD_API_BASE: 'http://127.0.0.1:8080/api/v10' })).toMatch(
      /^DISCORD_API_BASE is malformed/,
    );
    expect(problems({ ...GOOD, DISCORD_API_BASE: 'ftp://example.org/api' })).toMatch(/^DISCORD_API_BASE is malformed/);
    expect(problems({ ...GOOD, CORPUS_DIR: 'no/such/folder' })).toMatch(/^CORPUS_DIR is not a folder/);
    expect(problems({ ...GOOD, CORPUS_DIR: 'no/such/folder' }, 'deploy')).toBe('');
  });

  it('the question log, metrics and log format: defaults, and each malformed value named', () => {
    const defaults = parseConfig(GOOD);
    expect(defaults).toMatchObject({
      questionLog: true,
      retentionDays: 90,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      logFormat: null,
    });
    expect(defaults.dataDir).toMatch(/[/\\]var$/);
    const set = parseConfig({
      ...GOOD,
      DATA_DIR: '/srv/desk',
      QUESTION_LOG: 'off',
      RETENTION_DAYS: '30',
      METRICS_PORT: '9464',
      METRICS_HOST: '0.0.0.0',
      LOG_FORMAT: 'pretty',
    });
    expect(set).toMatchObject({
      dataDir: '/srv/desk',
      questionLog: false,
      retentionDays: 30,
      metricsPort: 9464,
      metricsHost: '0.0.0.0',
      logFormat: 'pretty',
    });
    const message = problems({
      ...GOOD,
      QUESTION_LOG: 'maybe',
      RETENTION_DAYS: '0',
      METRICS_PORT: '70000',
      LOG_FORMAT: 'xml',
    });
    expect(message).toMatch(/QUESTION_LOG is malformed: expected on or off/);
    expect(message).toMatch(/RETENTION_DAYS is malformed: expected a whole number of days from 1 to 3650/);
    expect(message).toMatch(/METRICS_PORT is malformed/);
    expect(message).toMatch(/LOG_FORMAT is malformed: expected one of json, pretty/);
  });
});

describe('client options', () => {
  it('Guilds intent only, no pings; local tuning only for a loopback API', () => {
    const discord = clientOptions({ apiBase: null });
    expect(discord.intents).toEqual([GatewayIntentBits.Guilds]);
    expect(discord.allowedMentions).toEqual({ parse: [] });
    expect(discord.rest).toEqual({});
    expect(discord.ws).toBeUndefined();
    const local = clientOptions({ apiBase: 'http://127.0.0.1:9000/api' });
    expect(local.rest).toEqual({ api: 'http://127.0.0.1:9000/api', globalRequestsPerSecond: 1000, offset: 0 });
    expect(local.ws?.buildIdentifyThrottler).toBeTypeOf('function');
    expect(clientOptions({ apiBase: 'https://proxy.example.org/api' }).rest).toEqual({
      api: 'https://proxy.example.org/api',
    });
    expect(isLocalApi('http://localhost:1/api')).toBe(true);
    expect(isLocalApi('https://discord.com/api')).toBe(false);
  });
});

describe('pager custom ids', () => {
  const state = {
    kind: 'ask' as const,
    offset: 3,
    userId: '12345678901234567890',
    subject: queryHash('who signed?'),
    corpus: 'AbC-9_',
  };

  it('round-trips, stays within 100 characters, and is versioned', () => {
    const id = encodePager(state)!;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id.startsWith('more:v1:ask:3:')).toBe(true);
    expect(decodePager(id)).toEqual({ ok: true, state });
  });

  it('refuses what it cannot encode, and tells old, foreign and broken ids apart', () => {
    expect(encodePager({ ...state, kind: 'dprk', subject: 'x'.repeat(61) })).toBeNull();
    expect(encodePager({ ...state, subject: 'has space' })).toBeNull();
    expect(decodePager('more:v0:ask:3:1:abc:def')).toEqual({ ok: false, reason: 'old-version' });
    expect(decodePager('again')).toEqual({ ok: false, reason: 'not-a-pager' });
    expect(decodePager('more:v1:ask:x:1:abc:AbC-9_')).toEqual({ ok: false, reason: 'malformed' });
    expect(decodePager('more:v1:nope:3:1:abc:AbC-9_')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('the question is read back from the embed exactly, however hostile', () => {
    const hostile = 'who *signed* the [December](x) statement? @everyone <@123> \\ _x_ `y` > z: a-b # c';
    const short = renderAnswerEmbed({
      command: 'ask',
      match: 'answered',
      query: hostile,
      lead: 'lead',
      statement: null,
      citations: [],
    }).embeds[0]!;
    expect(shownQuery(short)).toBe(hostile);
    const long = `${hostile} ${'word '.repeat(80)}`.trim();
    const embed = renderAnswerEmbed({
      command: 'ask',
      match: 'answered',
      query: long,
      lead: 'lead',
      statement: null,
      citations: [],
    }).embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(shownQuery(embed)).toBe(long);
    expect(queryHash(shownQuery(embed)!)).toBe(queryHash(long));
    expect(unescapeMarkdown(escapeMarkdown(hostile))).toBe(hostile);
  });

  it('a long question with runs of whitespace hashes the same as the one-line quote the embed shows', () => {
    const long = `who signed  the December statement?\n${'word '.repeat(60)}`.trim();
    expect(long.length).toBeGreaterThan(256);
    const embed = renderAnswerEmbed({
      command: 'ask',
      match: 'answered',
      query: long,
      lead: 'lead',
      statement: null,
      citations: [],
    }).embeds[0]!;
    expect(embed.description!.startsWith('> ')).toBe(true);
    expect(queryHash(shownQuery(embed)!)).toBe(queryHash(long));
  });
});

describe('findSourcesQuery', () => {
  it('keeps what the message says, without mentions, emoji, links and markdown', () => {
    expect(
      findSourcesQuery({
        content:
          '<@123456789012345678> **North Korea** sent _troops_ <:flag:123456> to ~~Russia~~ https://x.example/a?b\n> quoted',
      }),
    ).toBe('North Korea sent troops to Russia quoted');
  });

  it('falls back to embeds, and cuts long text to the question limit on a word boundary', () => {
    expect(findSourcesQuery({ content: '', embeds: [{ title: 'Who signed', description: 'the statement?' }] })).toBe(
      'Who signed the statement?',
    );
    const long = 'troops '.repeat(100);
    const cut = findSourcesQuery({ content: long });
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut.endsWith('troops')).toBe(true);
    expect(findSourcesQuery({ content: '   ' })).toBe('');
  });
});

describe('fitChoices', () => {
  it('at most 25 choices, names at most 100 characters, values that fit', () => {
    const choices = fitChoices([
      { name: 'n'.repeat(150), value: 'ok' },
      { name: 'too long value', value: 'v'.repeat(101) },
      { name: '  ', value: 'blank name' },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })),
    ]);
    expect(choices).toHaveLength(25);
    expect(choices[0]!.name.length).toBeLessThanOrEqual(100);
    expect(choices.map((c) => c.value)).not.toContain('blank name');
  });
});

describe('Cooldown', () => {
  it('allows `uses` per window per user, then says how long to wait', () => {
    let now = 0;
    const cooldown = new Cooldown({ uses: 2, perMs: 1000, now: () => now });
    expect(cooldown.take('a')).toEqual({ ok: true });
    now = 100;
    expect(cooldown.take('a')).toEqual({ ok: true });
    expect(cooldown.take('b')).toEqual({ ok: true });
    now = 500;
    expect(cooldown.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    now = 1001;
    expect(cooldown.take('a')).toEqual({ ok: true });
  });
});

describe('logger', () => {
  it('one JSON object per line, filtered by level, errors serialised, secrets redacted', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l), secrets: [TOKEN] }).child({ shard: 0 });
    logger.debug('hidden');
    logger.info('interaction', { command: 'ask', note: `token ${TOKEN}` });
    logger.error('failed', { error: new Error(`bad ${TOKEN}`) });
    expect(lines).toHaveLength(2);
    const [info, error] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(info).toMatchObject({
      level: 'info',
      event: 'interaction',
      command: 'ask',
      shard: 0,
      note: 'token [redacted]',
    });
    expect(typeof info!.time).toBe('string');
    expect(Number.isNaN(Date.parse(info!.time as string))).toBe(false);
    expect(error).toMatchObject({
      level: 'error',
      event: 'failed',
      error: { name: 'Error', message: 'bad [redacted]' },
    });
    expect(lines.join('')).not.toContain(TOKEN);
  });

  it('a token inside a child’s fields, a nested object or a circular one is still redacted', () => {
    const lines: string[] = [];
    const circular: Record<string, unknown> = { token: TOKEN };
    circular.self = circular;
    createLogger({ level: 'debug', write: (l) => lines.push(l), secrets: [TOKEN] })
      .child({ note: `child ${TOKEN}` })
      .debug('nested', { deep: { list: [TOKEN] }, circular });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(TOKEN);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      note: 'child [redacted]',
      deep: { list: ['[redacted]'] },
      circular: { token: '[redacted]', self: '[Circular]' },
    });
  });

  it('the readable format (a terminal, the playground): level, event and fields on lines a person reads, still redacted', () => {
    const out: string[] = [];
    createLogger({ level: 'info', format: 'pretty', write: (l) => out.push(l), secrets: [TOKEN] }).warn(
      'gateway-disconnected',
      { shard: 0, note: TOKEN },
    );
    const text = out.join('\n');
    expect(text).toMatch(/WARN.*gateway-disconnected/);
    expect(text).toMatch(/shard: 0/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(TOKEN);
    expect(() => JSON.parse(out[0]!) as unknown).toThrow();
  });
});

describe('parseCommandLine', () => {
  const defs = applicationCommands();

  it('reads options by name, values with colons, booleans; the one text option may go unnamed', () => {
    expect(parseCommandLine('/ask question: who signed: really? private: yes', defs)).toEqual({
      ok: true,
      kind: 'command',
      name: 'ask',
      options: { question: 'who signed: really?', private: true },
    });
    expect(parseCommandLine('/who-signed December', defs)).toEqual({
      ok: true,
      kind: 'command',
      name: 'who-signed',
      options: { statement: 'December' },
    });
    expect(parseCommandLine('/timeline', defs)).toEqual({ ok: true, kind: 'command', name: 'timeline', options: {} });
  });

  it('subcommands follow the command as words', () => {
    expect(parseCommandLine('/corpus status', defs)).toEqual({
      ok: true,
      kind: 'command',
      name: 'corpus status',
      options: {},
    });
    expect(parseCommandLine('/corpus remove article: kyivpost-reckless-provocation', defs)).toEqual({
      ok: true,
      kind: 'command',
      name: 'corpus remove',
      options: { article: 'kyivpost-reckless-provocation' },
    });
    expect(
      parseCommandLine('/corpus statement add id: joint-2025-03-04 title: T date: 2025-03-04 issued-by: X', defs),
    ).toMatchObject({ ok: true, name: 'corpus statement add', options: { id: 'joint-2025-03-04', 'issued-by': 'X' } });
    expect(parseCommandLine('?/corpus add statement: dec', defs)).toEqual({
      ok: true,
      kind: 'autocomplete',
      name: 'corpus add',
      options: { statement: 'dec' },
      focused: 'statement',
    });
    expect(parseCommandLine('/corpus', defs)).toEqual({
      ok: false,
      error: '/corpus needs one of: add, remove, restore, reload, status, gaps, stats, statement, response',
    });
    expect(parseCommandLine('/corpus statement', defs)).toEqual({
      ok: false,
      error: '/corpus statement needs one of: add',
    });
  });

  it('autocomplete focuses the option typed last', () => {
    expect(parseCommandLine('?/who-signed statement: dec', defs)).toEqual({
      ok: true,
      kind: 'autocomplete',
      name: 'who-signed',
      options: { statement: 'dec' },
      focused: 'statement',
    });
    expect(parseCommandLine('?/ask', defs)).toMatchObject({
      ok: true,
      kind: 'autocomplete',
      focused: 'question',
      options: { question: '' },
    });
  });

  it('explains what is wrong', () => {
    expect(parseCommandLine('ask', defs)).toMatchObject({ ok: false });
    expect(parseCommandLine('/nope', defs)).toEqual({ ok: false, error: 'there is no command /nope' });
    expect(parseCommandLine('/ask', defs)).toEqual({ ok: false, error: '/ask needs question: …' });
    expect(parseCommandLine('/help private: maybe', defs)).toEqual({ ok: false, error: 'private takes true or false' });
    expect(parseCommandLine('/timeline extra', defs)).toMatchObject({ ok: false });
  });
});

describe('renderDiscordText', () => {
  it('shows the embed as a reader sees it, with numbered buttons', () => {
    const { text, buttons } = renderDiscordText({
      flags: 64,
      embeds: [
        {
          title: 'Who signed\\: it',
          description: '**bold** and `2024-12-16` and [a \\[link\\]](https://x.example/a)',
          fields: [{ name: '[1] Outlet', value: '> quote\n— source' }],
          footer: { text: 'statement\\-desk' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, label: 'More passages', custom_id: 'more:v1:x' },
            { type: 2, style: 5, label: '[1] Outlet', url: 'https://x.example/a' },
          ],
        },
      ],
    });
    expect(text).toBe(
      [
        '(only you can see this)',
        'Who signed: it',
        'bold and 2024-12-16 and a [link] <https://x.example/a>',
        '',
        '[1] Outlet',
        '  > quote',
        '  — source',
        '',
        'statement-desk',
        '',
        '  (1) More passages',
        '  (2) [1] Outlet ↗ https://x.example/a',
      ].join('\n'),
    );
    expect(buttons.map((b) => b.n)).toEqual([1, 2]);
    expect(markdownToText('**a**', { color: true })).toBe('\u001b[1ma\u001b[22m');
  });
});
