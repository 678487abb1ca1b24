/** The pure parts of /corpus: its definition, button ids, option parsing, who counts as a moderator's source, and the messages. */
import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { Refusal } from '../../src/corpus/refusal.js';
import { buttonSigner } from '../../src/discord/buttonSignature.js';
import {
  articleHash,
  corpusDefinition,
  decodeCorpusButton,
  encodeCorpusButton,
  splitAliases,
  splitIds,
} from '../../src/discord/corpusCommands.js';

const SIGNER = buttonSigner('a test key of thirty-two characters!');
import { attachmentSource } from '../../src/discord/corpusExtension.js';
import { modLogContent, previewMessage, refusalMessage, statusMessage } from '../../src/discord/corpusMessages.js';
import { parseConfig } from '../../src/discord/env.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import type { AuditEvent } from '../../src/moderation/audit.js';
import { validateCommand, validateMessage } from '../emulator/validate.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123';
const GOOD = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '100000000000000001', CORPUS_DIR: 'corpus' };
const USER = '12345678901234567890';

/** Discord's rules for a message the bot creates (the emulator's validator). */
function breaches(message: { content?: string; embeds: unknown[]; components: unknown[] }): string[] {
  return validateMessage(
    { ...message, allowed_mentions: { parse: [] } },
    { kind: 'create', target: 'interaction', files: 0 },
  ).map((i) => `${i.rule}: ${i.message}`);
}

describe('the /corpus definition', () => {
  it('is valid for Discord, Manage Server by default, servers only', () => {
    expect(validateCommand(corpusDefinition)).toEqual([]);
    expect(corpusDefinition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(corpusDefinition.contexts).toEqual([0]);
  });
});

describe('/corpus button ids', () => {
  it('round-trip within 100 characters; a long article id travels as a hash', () => {
    const cases = [
      { action: 'add' as const, token: 'AbCdEfGhIjKlMnOp' },
      { action: 'add-no' as const, token: 'AbCdEfGhIjKlMnOp' },
      { action: 'rm-no' as const },
      {
        action: 'rm' as const,
        userId: USER,
        issuedAt: 1_800_000_000_000,
        article: 'a'.repeat(20) + '-' + 'b'.repeat(20),
      },
    ];
    for (const button of cases) {
      const id = encodeCorpusButton(button, SIGNER);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(decodeCorpusButton(id, SIGNER)).toEqual(button);
    }
    const long = `${'word-'.repeat(20)}end`;
    const id = encodeCorpusButton({ action: 'rm', userId: USER, issuedAt: 1_800_000_000_000, article: long }, SIGNER);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeCorpusButton(id, SIGNER)).toMatchObject({ action: 'rm', article: articleHash(long) });
  });

  it('a removal is signed: altered, forged, or signed with another key, it decodes to nothing', () => {
    const id = encodeCorpusButton(
      { action: 'rm', userId: USER, issuedAt: 1_800_000_000_000, article: 'kyivpost-reckless-provocation' },
      SIGNER,
    );
    const [head, signature] = [id.slice(0, id.lastIndexOf(':')), id.slice(id.lastIndexOf(':') + 1)];
    expect(
      decodeCorpusButton(`${head.replace(/:[0-9a-z]+:kyivpost/, ':zzzzzz:kyivpost')}:${signature}`, SIGNER),
    ).toBeNull();
    expect(
      decodeCorpusButton(
        head.replace('kyivpost-reckless-provocation', 'dw-nato-declaration-response') + `:${signature}`,
        SIGNER,
      ),
    ).toBeNull();
    expect(decodeCorpusButton(head, SIGNER)).toBeNull();
    expect(decodeCorpusButton(id, buttonSigner(null))).toBeNull(); // another process's random key
    expect(decodeCorpusButton(id, buttonSigner('another key of thirty-two chars!!'))).toBeNull();
    // The same configured key after a restart: still valid.
    expect(decodeCorpusButton(id, buttonSigner('a test key of thirty-two characters!'))).toMatchObject({
      action: 'rm',
      userId: USER,
    });
  });

  it('refuses other prefixes, versions and malformed ids', () => {
    for (const id of [
      'more:v1:ask:3:1:x:abcdef',
      'corpus:v0:add:AbCdEfGhIjKlMnOp',
      'corpus:v1:add:short',
      'corpus:v1:rm:abc:1:x',
      'corpus:v1:rm:1:1:Not_An_Id',
      'corpus:v1:rm-no:extra',
    ]) {
      expect(decodeCorpusButton(id, SIGNER)).toBeNull();
    }
  });
});

describe('/corpus option values', () => {
  it('statement ids are separated by commas, aliases by semicolons', () => {
    expect(splitIds(' joint-2025-03-04 ,dprk-2025-03-07,, joint-2025-03-04')).toEqual([
      'joint-2025-03-04',
      'dprk-2025-03-07',
    ]);
    expect(splitIds(' , ')).toBeUndefined();
    expect(splitIds(null)).toBeUndefined();
    expect(splitAliases('March statement;  missile   transfers statement ;')).toEqual([
      'March statement',
      'missile transfers statement',
    ]);
    expect(splitAliases(null)).toEqual([]);
  });
});

describe('configuration for /corpus', () => {
  it('MOD_ROLE_ID and MOD_LOG_CHANNEL_ID are optional snowflakes; CORPUS_FETCH_ALLOW_PRIVATE is true or false', () => {
    expect(parseConfig(GOOD)).toMatchObject({ modRoleId: null, modLogChannelId: null, fetchAllowPrivate: false });
    expect(
      parseConfig({
        ...GOOD,
        MOD_ROLE_ID: '400000000000000001',
        MOD_LOG_CHANNEL_ID: '300000000000000002',
        CORPUS_FETCH_ALLOW_PRIVATE: 'true',
      }),
    ).toMatchObject({
      modRoleId: '400000000000000001',
      modLogChannelId: '300000000000000002',
      fetchAllowPrivate: true,
    });
    expect(() =>
      parseConfig({
        ...GOOD,
        MOD_ROLE_ID: 'Moderator',
        MOD_LOG_CHANNEL_ID: '#mod-log',
        CORPUS_FETCH_ALLOW_PRIVATE: 'yes',
      }),
    ).toThrow(
      /MOD_ROLE_ID is malformed: expected a role id.*MOD_LOG_CHANNEL_ID is malformed: expected a channel id.*CORPUS_FETCH_ALLOW_PRIVATE is malformed: expected true or false/,
    );
  });
});

describe('attachment sources', () => {
  it('Discord’s CDN, or the local API the bot talks to (whose loopback address is then allowed for attachments only)', () => {
    const discord = attachmentSource(null);
    expect(discord.allowAddresses).toEqual([]);
    expect(discord.trusted('https://cdn.discordapp.com/attachments/1/2/a.html?ex=1&is=2&hm=3')).toBe(true);
    expect(discord.trusted('https://media.discordapp.net/attachments/1/2/a.html')).toBe(true);
    expect(discord.trusted('http://cdn.discordapp.com/attachments/1/2/a.html')).toBe(false);
    expect(discord.trusted('https://evil.example/attachments/1/2/a.html')).toBe(false);
    expect(discord.trusted('not a url')).toBe(false);

    const local = attachmentSource('http://127.0.0.1:8080/api');
    expect(local.allowAddresses).toEqual(['127.0.0.1']);
    expect(local.trusted('http://127.0.0.1:8080/attachments/1/2/a.md')).toBe(true);
    expect(local.trusted('http://127.0.0.1:9999/attachments/1/2/a.md')).toBe(false);
    expect(attachmentSource('http://localhost:8080/api').allowAddresses).toEqual(['127.0.0.1', '::1']);
    expect(attachmentSource('https://proxy.example.org/api').allowAddresses).toEqual([]);
  });
});

describe('/corpus messages', () => {
  const hostile = '**@everyone** <@123456789012345678> [click](https://evil.example) `code`';

  it('the mod-log line escapes what a title says and pings no one but names the moderator', () => {
    const event: AuditEvent = {
      when: '2025-03-05T10:00:00.000Z',
      who: { id: '500000000000000002', name: 'bob_mod', via: 'discord' },
      what: 'add-article',
      corpus: '/srv/corpus',
      articleId: 'fixturewire-x',
      title: hostile,
      file: 'articles/fixturewire-x.md',
    };
    const line = modLogContent(event);
    expect(line).not.toContain('@everyone');
    expect(line).not.toContain('<@123456789012345678>');
    expect(line).not.toMatch(/(?<!\\)\*\*/);
    expect(line).toContain('(<@500000000000000002>)');
    expect(line).toMatch(/ · <t:1741168800:f>$/);
    expect(unescapeMarkdown(modLogContent({ ...event, who: { id: 'cli:root', name: 'root', via: 'cli' } }))).toMatch(
      /^➕ root \(terminal\) added article fixturewire-x /,
    );
  });

  it('a preview of the longest article a moderator can add fits Discord’s limits', () => {
    const long = 'word '.repeat(800);
    const message = previewMessage({
      token: 'AbCdEfGhIjKlMnOp',
      expiresAt: '2025-03-05T10:30:00.000Z',
      preview: {
        id: 'x'.repeat(60),
        title: `${hostile} ${'t'.repeat(300)}`,
        outlet: 'o'.repeat(120),
        published: '2025-03-05',
        publishedLabel: '5 March 2025',
        url: `https://example.org/${'p'.repeat(1900)}`,
        reports: Array.from({ length: 30 }, (_, n) => ({
          id: `joint-2025-03-${n}`,
          title: 'A statement with a long title '.repeat(5),
        })),
        paragraphs: 200,
        words: 60_000,
        firstParagraphs: [long.slice(0, 300), long.slice(0, 300), long.slice(0, 300)],
        format: 'html',
        origin: `https://example.org/${'p'.repeat(1900)}`,
        notes: ['note '.repeat(300)],
      },
    });
    expect(breaches(message)).toEqual([]);
    expect(message.components[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'corpus:v1:add:AbCdEfGhIjKlMnOp',
      'corpus:v1:add-no:AbCdEfGhIjKlMnOp',
    ]);
  });

  it('a refused reload lists each problem with file and line; other refusals are one line', () => {
    const problems = Array.from({ length: 12 }, (_, n) => ({
      file: `articles/a-${n}.md`,
      line: n + 1,
      message: 'published: expected YYYY-MM-DD',
    }));
    const broken = refusalMessage(Refusal.fromProblems('broken-corpus', 'the corpus on disk has problems', problems));
    expect(breaches(broken)).toEqual([]);
    const text = broken.embeds[0]!.description!;
    expect(text.split('\n').filter((l) => l.startsWith('•'))).toHaveLength(10);
    expect(text).toContain('… and 2 more');
    const simple = refusalMessage(new Refusal('too-large', 'big.txt is 5.0 MB; the limit is 4.0 MB'));
    expect(simple.embeds[0]!.description).toBe('Nothing was changed: big.txt is 5.0 MB; the limit is 4.0 MB.');
  });

  it('the status fits, with no change recorded yet', () => {
    const message = statusMessage({
      corpusDir: '/srv/corpus',
      articles: 5,
      paragraphs: 46,
      statements: 4,
      responses: 2,
      buildMs: 12.34,
      lastChange: null,
      lastReload: null,
      trash: 0,
      pending: 0,
    });
    expect(breaches(message)).toEqual([]);
    expect(message.embeds[0]!.fields!.find((f) => f.name === 'Last change')!.value).toBe('none recorded');
  });
});
