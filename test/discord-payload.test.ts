import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../src/answer/answer.js';
import { findCommand } from '../src/commands/index.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { renderAnswerEmbed } from '../src/render/discordMessage.js';
import { fitDiscordPayload } from '../src/render/fitDiscordPayload.js';
import { escapeMarkdown, truncate } from '../src/render/markdown.js';
import { buildKnowledge } from '../src/search/knowledge.js';
import { validateMessage } from './emulator/validate.js';

const knowledge = buildKnowledge(await loadCorpus('corpus'));

/** Every breach of Discord's documented limits in a payload, as the emulator sees them. */
function breaches(payload: unknown): string[] {
  return validateMessage(payload, { kind: 'create', target: 'interaction', files: 0 }).map(
    (i) => `${i.rule}: ${i.message}`,
  );
}

const HOSTILE =
  '@everyone @here <@123456789012345678> <@&987654321098765432> **bold** __under__ ~~strike~~ `code` ||spoiler|| > quote # heading [link](https://evil.example) <https://x.example> :emoji: <t:0:R>';

function citation(n: number, text: string, highlights: Array<[number, number]> = []): Citation {
  return {
    n,
    articleId: `article-${n}`,
    paragraph: n,
    text,
    outlet: HOSTILE.slice(0, 300),
    title: `${HOSTILE} `.repeat(5),
    published: '2024-12-19',
    url: `https://example.org/a(${n})?q=${'x'.repeat(500)}`,
    highlights,
  };
}

describe('renderAnswerEmbed', () => {
  it.each(['ask', 'who-signed', 'dprk-response', 'timeline', 'sources', 'help'])(
    '%s: a valid payload that pings no one',
    (name) => {
      const command = findCommand(name)!;
      const options =
        name === 'ask'
          ? { question: 'who signed the December statement?' }
          : name === 'who-signed' || name === 'dprk-response'
            ? { statement: 'December' }
            : {};
      const payload = renderAnswerEmbed(command.run(knowledge, command.options.parse(options)));
      expect(breaches(payload)).toEqual([]);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
    },
  );

  it('quotes passages with the matched words in bold and links each citation to its article', () => {
    const ask = findCommand('ask')!;
    const payload = renderAnswerEmbed(ask.run(knowledge, ask.options.parse({ question: 'new Cold War' })));
    const fields = payload.embeds[0]!.fields!;
    expect(fields[0]!.name).toMatch(/^\[1\] DW/);
    expect(fields[0]!.value).toMatch(/^> .*\*\*new\*\* \*\*Cold\*\* \*\*War\*\*|^> .*\*\*new Cold War\*\*/);
    expect(fields[0]!.value).toContain(
      '(https://www.dw.com/en/north-korea-decries-illegal-joint-nato-declaration/a-69650178)',
    );
  });

  it('escapes markdown and defuses mentions in questions and quoted text', () => {
    const answer: Answer = {
      command: 'ask',
      match: 'answered',
      query: HOSTILE,
      lead: HOSTILE,
      statement: null,
      citations: [citation(1, HOSTILE, [[0, 9]])],
    };
    const embed = renderAnswerEmbed(answer).embeds[0]!;
    for (const text of [embed.title!, embed.description!, embed.fields![0]!.value]) {
      expect(text).not.toMatch(/(?<!\\)\*\*bold/);
      expect(text).not.toMatch(/(?<!\\)\[link\]/);
      expect(text).not.toMatch(/@everyone|@here/);
      expect(text).not.toMatch(/<@\d/);
    }
    expect(embed.fields![0]!.value).toMatch(/^> \*\*@\u200beveryone\*\*/);
  });

  it('keeps a 5,000-character question, ten 3,000-character passages and hostile metadata within every limit', () => {
    const long = 'Pyongyang '.repeat(500);
    const text = 'The North Korean foreign ministry said the declaration was illegal and provocative. '.repeat(36);
    const answer: Answer = {
      command: 'ask',
      match: 'answered',
      query: long,
      lead: long,
      statement: null,
      citations: Array.from({ length: 10 }, (_, i) =>
        citation(i + 1, text, [
          [4, 9],
          [2000, 2010],
          [2990, 2999],
        ]),
      ),
      signatories: Array.from({ length: 80 }, (_, i) => ({ name: `Country number ${i} ${HOSTILE}`, citation: 1 })),

      page: { offset: 0, total: 40 },
    };
    const payload = renderAnswerEmbed(answer);
    expect(breaches(payload)).toEqual([]);
    const embed = payload.embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.title!.endsWith('…')).toBe(true);
    // The first citations survive whole-field trimming; nothing dangles half a bold span.
    expect(embed.fields!.some((f) => f.name.startsWith('[1]'))).toBe(true);
    for (const f of embed.fields!) expect((f.value.match(/(?<!\\)\*\*/g) ?? []).length % 2).toBe(0);
  });

  it('keeps a party look-up over 40 statements with hostile names and titles within every limit, its first citation whole', () => {
    const text = 'The foreign ministers of Australia, Canada and Japan signed the statement. '.repeat(40);
    const answer: Answer = {
      command: 'who-signed',
      match: 'answered',
      query: HOSTILE,
      lead: `${HOSTILE} `.repeat(60),
      statement: null,
      citations: Array.from({ length: 10 }, (_, i) => citation(i + 1, text, [[29, 38]])),
      membership: {
        party: `${HOSTILE} `.repeat(40),
        statements: Array.from({ length: 40 }, (_, i) => ({
          statement: { id: `s${i}`, title: `${HOSTILE} `.repeat(20), date: '2024-12-16' },
          signed: 'unknown' as const,
          citation: (i % 10) + 1,
        })),
      },
    };
    const payload = renderAnswerEmbed(answer);
    expect(breaches(payload)).toEqual([]);
    const fields = payload.embeds[0]!.fields!;
    expect(fields[0]!.name).toMatch(/^Signed by /);
    expect(fields[0]!.value).not.toMatch(/<@\d|@everyone/);
    expect(fields.some((f) => f.name.startsWith('[1]'))).toBe(true);
  });

  it('renders an empty answer (an empty question, nothing found) as a valid message', () => {
    const payload = renderAnswerEmbed({
      command: 'ask',
      match: 'answered',
      query: '',
      lead: null,
      statement: null,
      citations: [],
    });
    expect(breaches(payload)).toEqual([]);
  });
});

describe('fitDiscordPayload', () => {
  it('shortens every text to its limit on a word boundary with an ellipsis, and caps fields and the 6000 total', () => {
    const words = (n: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n);
    const payload = fitDiscordPayload({
      content: words(2500),
      embeds: Array.from({ length: 12 }, () => ({
        title: words(400),
        description: words(5000),
        footer: { text: words(3000) },
        author: { name: words(300) },
        fields: Array.from({ length: 30 }, () => ({ name: words(300), value: words(1500) })),
      })),
      allowed_mentions: { parse: [] },
    });
    expect(breaches(payload)).toEqual([]);
    expect(payload.content!.length).toBeLessThanOrEqual(2000);
    expect(payload.content!.endsWith('…')).toBe(true);
    expect(payload.content!.slice(0, -1)).toMatch(/\S$/);
    expect(payload.embeds).toHaveLength(10);
  });

  it('forces allowed_mentions to ping no one', () => {
    const payload = fitDiscordPayload({
      content: 'hi',
      embeds: [],
      allowed_mentions: { parse: ['everyone'] } as never,
    });
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('markdown helpers', () => {
  it('truncate keeps short text, cuts long text at a word, never leaves a dangling escape', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('one two three four five', 12)).toBe('one two…');
    expect(truncate('a\\*b\\*c\\*d\\*e\\*f', 6).endsWith('\\…')).toBe(false);
  });

  it('escapeMarkdown makes text literal', () => {
    expect(escapeMarkdown('*a* _b_ `c` [d](e)')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\[d\\]\\(e\\)');
  });
});
