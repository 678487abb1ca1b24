import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { copyCorpus } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

// The JSON contract of README "JSON output", as a schema: the CLI's output must parse strictly.
const citation = z.strictObject({
  n: z.number().int().positive(),
  articleId: z.string(),
  paragraph: z.number().int().positive(),
  text: z.string().min(1),
  outlet: z.string(),
  title: z.string(),
  published: z.string(),
  url: z.string().nullable(),
});
const statementRef = z.strictObject({ id: z.string(), title: z.string(), date: z.string() });
const answerJson = z.strictObject({
  command: z.enum(['ask', 'who-signed', 'dprk-response', 'timeline', 'sources', 'help']),
  match: z.enum(['answered', 'partial', 'none']),
  query: z.string().nullable(),
  lead: z.string().nullable(),
  statement: statementRef.nullable(),
  signatories: z.array(z.string()).optional(),
  membership: z
    .strictObject({
      party: z.string(),
      statements: z.array(
        z.strictObject({
          statement: statementRef,
          signed: z.enum(['yes', 'no', 'unknown']),
          citation: z.number().int().positive().nullable(),
        }),
      ),
    })
    .optional(),
  events: z
    .array(
      z.strictObject({
        date: z.string(),
        kind: z.enum(['statement', 'response']),
        title: z.string(),
        issuedBy: z.string(),
        citations: z.array(z.number()),
      }),
    )
    .optional(),
  articles: z
    .array(
      z.strictObject({
        id: z.string(),
        outlet: z.string(),
        published: z.string(),
        title: z.string(),
        url: z.string().nullable(),
        paragraphs: z.number(),
      }),
    )
    .optional(),
  partyChoices: z.array(z.string()).optional(),
  choices: z.array(statementRef).optional(),
  citations: z.array(citation),
  page: z.strictObject({ offset: z.number(), total: z.number() }).optional(),
});

async function json(args: string[]) {
  const result = await runCli([...args, '--json']);
  expect(result.status, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines, 'exactly one JSON object on stdout').toHaveLength(1);
  return answerJson.parse(JSON.parse(lines[0]!));
}

describe('CLI JSON contract', () => {
  it('ask: the question, a lead, and at most --limit numbered citations', async () => {
    const answer = await json(['ask', 'How many North Korean troops went to Russia?', '--limit', '2']);
    expect(answer).toMatchObject({
      command: 'ask',
      query: 'How many North Korean troops went to Russia?',
      statement: null,
    });
    expect(answer.lead).toBeTruthy();
    expect(answer.citations.map((c) => c.n)).toEqual([1, 2]);
    expect(answer.citations.some((c) => /10,000/.test(c.text))).toBe(true);
  });

  it('ask: nothing found is an answer with a lead and no citations, exit 0', async () => {
    const answer = await json(['ask', 'What is the boiling point of mercury?']);
    expect(answer.match).toBe('none');
    expect(answer.citations).toEqual([]);
    expect(answer.lead).toMatch(/nothing in the corpus/i);
  });

  it('who-signed: the statement and its signatories as the passages give them', async () => {
    const answer = await json(['who-signed', 'the troop deployment statement']);
    expect(answer.statement).toEqual({ id: 'joint-2024-11-06', title: expect.any(String), date: '2024-11-06' });
    expect(answer.signatories).toEqual(
      expect.arrayContaining(['Republic of Korea', 'the High Representative of the European Union', 'Japan']),
    );
    expect(new Set(answer.signatories).size).toBe(answer.signatories!.length);
    for (const c of answer.citations) expect(c.articleId).toBe('neglobal-troop-deployment-statement');
  });

  it('who-signed --party: whether that state or body signed, per statement, each with the citation that settles it', async () => {
    const one = await json(['who-signed', 'May', '--party', 'New Zealand']);
    expect(one.membership).toEqual({
      party: 'New Zealand',
      statements: [{ statement: expect.objectContaining({ id: 'joint-2024-05-31' }), signed: 'yes', citation: 1 }],
    });
    expect(one.citations[0]!.text).toContain('New Zealand');
    const all = await json(['who-signed', '--party', 'China']);
    expect(all.membership?.statements.map((m) => m.signed)).toEqual(['no', 'unknown', 'no', 'no']);
    expect(all.membership?.statements.every((m) => m.citation !== null && m.citation <= all.citations.length)).toBe(
      true,
    );
    // A name several states share: no look-up, the names it may mean.
    const korea = await json(['who-signed', 'May', '--party', 'Korea']);
    expect(korea.membership).toEqual({ party: 'Korea', statements: [] });
    expect(korea.partyChoices).toEqual(['South Korea', 'North Korea']);
  });

  it('dprk-response: citations only from response passages; none where the corpus has none', async () => {
    const nato = await json(['dprk-response', 'NATO declaration']);
    expect(nato.statement?.id).toBe('nato-2024-07-10');
    expect(nato.citations.length).toBeGreaterThan(0);
    for (const c of nato.citations) expect(c.articleId).toBe('dw-nato-declaration-response');

    const may = await json(['dprk-response', '31 May 2024']);
    expect(may.statement?.id).toBe('joint-2024-05-31');
    expect(may.citations).toEqual([]);
    expect(may.lead).toMatch(/no North Korean response/);
  });

  it('timeline: events in date order, each citing a numbered passage', async () => {
    const answer = await json(['timeline']);
    const events = answer.events!;
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
    expect(events.map((e) => e.kind)).toEqual([
      'statement',
      'statement',
      'response',
      'statement',
      'statement',
      'response',
    ]);
    const numbers = new Set(answer.citations.map((c) => c.n));
    for (const e of events) for (const n of e.citations) expect(numbers.has(n)).toBe(true);
  });

  it('sources: every article with its paragraph count', async () => {
    const answer = await json(['sources']);
    expect(answer.articles).toHaveLength(5);
    expect(answer.articles!.every((a) => a.paragraphs > 0 && a.url?.startsWith('https://'))).toBe(true);
  });

  it('--stdin answers one question per line, in order, one JSON object per line', async () => {
    const questions = [
      'who signed the May statement',
      'what is the capital of Peru?',
      '',
      'what did KCNA say about NATO?',
    ];
    const result = await runCli(['ask', '--json', '--stdin'], { stdin: questions.join('\n') });
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => answerJson.parse(JSON.parse(l)));
    expect(lines.map((l) => l.query)).toEqual([questions[0], questions[1], questions[3]]);
    expect(lines[0]!.statement?.id).toBe('joint-2024-05-31');
    expect(lines[1]!.citations).toEqual([]);
    expect(lines[2]!.citations[0]?.articleId).toBe('dw-nato-declaration-response');
  });
});

describe('CLI usage and exit status', () => {
  it('--help lists every command and option', async () => {
    const result = await runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of [
      'ask',
      'who-signed',
      'dprk-response',
      'timeline',
      'sources',
      'corpus check',
      '--json',
      '--corpus',
      '--limit',
      '--party',
      '--stdin',
    ]) {
      expect(result.stdout).toContain(word);
    }
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['ask'], /question/],
    [['ask', '   '], /empty/],
    [['ask', 'x'.repeat(600)], /too long/],
    [['ask', 'troops', '--limit', 'many'], /limit/],
    [['ask', 'troops', '--limit', '0'], /limit/],
    [['ask', 'troops', '--frobnicate'], /frobnicate/],
    [['timeline', 'extra words'], /takes no text/],
    [['ask', 'troops', '--party', 'Japan'], /takes no --party/],
    [['who-signed', '--party', 'x'.repeat(101)], /at most 100/],
    [[], /Usage/],
  ])('bad usage %j exits 2 with a one-line reason', async (args, reason) => {
    const result = await runCli(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
  });

  it('a broken corpus exits 1 with a one-line reason naming the file', async () => {
    const dir = await copyCorpus();
    await rm(join(dir, 'statements.yaml'));
    const result = await runCli(['ask', 'troops', '--corpus', dir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/statements\.yaml/);
  });

  it('reads the corpus from $CORPUS_DIR', async () => {
    const dir = await copyCorpus();
    await rm(join(dir, 'statements.yaml'));
    const result = await runCli(['sources'], { env: { CORPUS_DIR: dir } });
    expect(result.status).toBe(1);
  });
});
