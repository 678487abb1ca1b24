import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { copyCorpusForSuite, removeCorpusCopy } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';

/**
 * A statement and a reply the code has never seen (invented: 3 March 2031, seven signatories none of
 * the real statements has all of, a vice foreign minister speaking through Rodong Sinmun), added the
 * way a moderator adds them, through the CLI into a copy of the corpus. Every command must answer for
 * them with no change to the code or to data/.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/generality/', import.meta.url));
const STATEMENT = {
  id: 'joint-2031-03-03',
  title: 'Joint statement on North Korean drone transfers to Russia',
  date: '2031-03-03',
};
const RESPONSE = { id: 'dprk-2031-03-06', date: '2031-03-06' };
const SIGNERS = ['Belgium', 'Chile', 'Czechia', 'Estonia', 'Japan', 'Mexico', 'the Republic of Korea'];
const STATEMENT_ARTICLE = 'inventedwire-seven-countries-condemn-north-korean-drone';
const RESPONSE_ARTICLE = 'inventedwire-north-korea-dismisses-seven-nation-statement';

interface Cited {
  articleId: string;
  paragraph: number;
  text: string;
}
interface JsonAnswer {
  lead: string;
  statement: { id: string } | null;
  signatories?: string[];
  membership?: {
    party: string;
    statements: Array<{ statement: { id: string }; signed: string; citation: number | null }>;
  };
  partyChoices?: string[];
  events?: Array<{ date: string; kind: string; title: string; citations: number[] }>;
  citations: Cited[];
}

let dir: string;

async function cli(args: string[], stdin?: string): Promise<string> {
  const result = await runCli([...args, '--corpus', dir], { stdin });
  expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}
const json = async (args: string[]) => JSON.parse(await cli([...args, '--json'])) as JsonAnswer;

beforeAll(async () => {
  dir = await copyCorpusForSuite();
  await cli([
    'corpus',
    'statement',
    'add',
    '--id',
    STATEMENT.id,
    '--title',
    STATEMENT.title,
    '--date',
    STATEMENT.date,
    '--issued-by',
    'Foreign ministers of seven countries',
    '--alias',
    'drone transfers statement',
  ]);
  await cli([
    'corpus',
    'response',
    'add',
    '--id',
    RESPONSE.id,
    '--responds-to',
    STATEMENT.id,
    '--title',
    'North Korea dismisses the drone statement as a farce',
    '--date',
    RESPONSE.date,
    '--issued-by',
    "North Korea's vice foreign minister",
    '--channel',
    'Rodong Sinmun',
  ]);
  await cli([
    'corpus',
    'add',
    join(FIXTURES, 'statement-2031.txt'),
    '--outlet',
    'Invented Wire (fiction)',
    '--published',
    '2031-03-04',
    '--statement',
    STATEMENT.id,
  ]);
  await cli([
    'corpus',
    'add',
    join(FIXTURES, 'response-2031.txt'),
    '--outlet',
    'Invented Wire (fiction)',
    '--published',
    '2031-03-06',
    '--statement',
    `${STATEMENT.id},${RESPONSE.id}`,
  ]);
}, 120_000);
afterAll(() => removeCorpusCopy(dir));

describe('a statement and response nobody tuned for, added through the CLI', { timeout: 60_000 }, () => {
  it('who-signed names its seven signatories, each from its own article', async () => {
    const answer = await json(['who-signed', 'March 3, 2031']);
    expect(answer.statement?.id).toBe(STATEMENT.id);
    expect(answer.signatories).toEqual(SIGNERS);
    expect(answer.citations.map((c) => c.articleId)).toEqual([STATEMENT_ARTICLE]);
  });

  it('who-signed --party: yes under another of a signer’s names, a question for a name two states share', async () => {
    const czech = await json(['who-signed', STATEMENT.id, '--party', 'Czech Republic']);
    expect(czech.membership?.statements).toEqual([
      { statement: expect.objectContaining({ id: STATEMENT.id }), signed: 'yes', citation: 1 },
    ]);
    const korea = await json(['who-signed', STATEMENT.id, '--party', 'Korea']);
    expect(korea.membership?.statements).toEqual([]);
    expect(korea.partyChoices).toEqual(expect.arrayContaining(['South Korea', 'North Korea']));
    expect(korea.lead).toMatch(/which one do you mean/);
  });

  it('dprk-response gives the vice foreign minister’s reply through Rodong Sinmun, citing only the passages where North Korea speaks', async () => {
    const answer = await json(['dprk-response', 'the drone transfers statement']);
    expect(answer.statement?.id).toBe(STATEMENT.id);
    expect(answer.lead).toContain('Rodong Sinmun');
    expect(answer.lead).toContain('a political farce staged by the vassals of Washington');
    expect(answer.lead).toContain('a legitimate product of our own defence industry');
    // Paragraph 4 is North Korea acting (shipping drones), 5 analysts speaking: neither is the reply.
    expect(answer.citations.map((c) => [c.articleId, c.paragraph])).toEqual(
      [1, 2, 3].map((n) => [RESPONSE_ARTICLE, n]),
    );
  });

  it('ask answers who signed, whether a state did and how North Korea responded, the way the commands do', async () => {
    const parties: Array<[string, string]> = [
      ['Estonia', 'yes'],
      ['south korea', 'yes'],
      ['ROK', 'yes'],
      ['France', 'no'],
    ];
    const questions = [
      'who signed the March 3, 2031 statement?',
      'how did north korea respond to the 3 March 2031 statement?',
      "which newspaper carried the vice minister's remarks?",
      ...parties.map(([party]) => `did ${party} sign the March 3, 2031 statement?`),
    ];
    const answers = (await cli(['ask', '--json', '--stdin'], questions.join('\n')))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonAnswer);
    const [signed, response, newspaper, ...lookUps] = answers;
    expect(signed!.statement?.id).toBe(STATEMENT.id);
    expect(signed!.signatories).toEqual(SIGNERS);
    expect(response!.statement?.id).toBe(STATEMENT.id);
    expect(response!.citations.length).toBeGreaterThan(0);
    expect(response!.citations.every((c) => c.articleId === RESPONSE_ARTICLE && c.paragraph <= 3)).toBe(true);
    expect(newspaper!.citations[0]).toMatchObject({ articleId: RESPONSE_ARTICLE, paragraph: 1 });
    lookUps.forEach((answer, i) => {
      const [party, expected] = parties[i]!;
      expect(answer.membership?.statements, party).toEqual([
        { statement: expect.objectContaining({ id: STATEMENT.id }), signed: expected, citation: 1 },
      ]);
    });
  });

  it('timeline places both in date order, each cited from its article', async () => {
    const answer = await json(['timeline']);
    const events = answer.events!;
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
    const statement = events.find((e) => e.date === STATEMENT.date && e.kind === 'statement')!;
    const response = events.find((e) => e.date === RESPONSE.date && e.kind === 'response')!;
    expect(answer.citations[statement.citations[0]! - 1]!.articleId).toBe(STATEMENT_ARTICLE);
    expect(answer.citations[response.citations[0]! - 1]!.articleId).toBe(RESPONSE_ARTICLE);
  });

  it('leaves the real statements’ signatories as they were', async () => {
    const december = await json(['who-signed', 'December']);
    expect(december.signatories).toHaveLength(11);
    expect(december.signatories).not.toEqual(expect.arrayContaining(['Belgium']));
  });
});
