import { readFile, readdir, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../src/commands/index.js';
import { IMPORT } from '../src/config/constants.js';
import { fetchArticle } from '../src/corpus/fetchArticle.js';
import { Refusal } from '../src/corpus/refusal.js';
import type { Actor } from '../src/moderation/actor.js';
import type { AuditEvent } from '../src/moderation/audit.js';
import { CorpusModeration } from '../src/moderation/corpusModeration.js';
import { KnowledgeStore } from '../src/search/knowledgeStore.js';
import {
  FIXTURE_RESPONSE,
  FIXTURE_STATEMENT,
  fixture,
  hashDir,
  startFixtureServer,
  type FixtureServer,
} from './fixtures/corpusFixtures.js';
import { copyCorpus, copyCorpusForSuite, removeCorpusCopy } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';

/** Tests that run the CLI as a process several times: generous, as CI machines and a busy suite are slow. */
const CLI_TIMEOUT = { timeout: 90_000 };

const ALLOW = { CORPUS_FETCH_ALLOW_PRIVATE: 'true' };
const DENY = { CORPUS_FETCH_ALLOW_PRIVATE: 'false' };

let server: FixtureServer;
let scratch: string;
beforeAll(async () => {
  server = await startFixtureServer();
  scratch = await mkdtemp(join(tmpdir(), 'statement-desk-uploads-'));
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

const statementFlags = [
  'corpus',
  'statement',
  'add',
  '--id',
  FIXTURE_STATEMENT.id,
  '--title',
  FIXTURE_STATEMENT.title,
  '--date',
  FIXTURE_STATEMENT.date,
  '--issued-by',
  FIXTURE_STATEMENT.issuedBy,
  ...FIXTURE_STATEMENT.aliases.flatMap((a) => ['--alias', a]),
];
const responseFlags = [
  'corpus',
  'response',
  'add',
  '--id',
  FIXTURE_RESPONSE.id,
  '--responds-to',
  FIXTURE_RESPONSE.respondsTo,
  '--title',
  FIXTURE_RESPONSE.title,
  '--date',
  FIXTURE_RESPONSE.date,
  '--issued-by',
  FIXTURE_RESPONSE.issuedBy,
  '--channel',
  FIXTURE_RESPONSE.channel,
  ...FIXTURE_RESPONSE.aliases.flatMap((a) => ['--alias', a]),
];

async function cliJson(args: string[], env: Record<string, string> = DENY) {
  const result = await runCli([...args, '--json'], { env });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown> & {
    citations?: Array<{ articleId: string; text: string }>;
  };
}

describe('corpus add from the terminal', CLI_TIMEOUT, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await copyCorpus();
  });

  it('adds a new statement, an HTML article reporting it, its response and a text article; who-signed, dprk-response, ask and sources answer from them', async () => {
    let r = await runCli([...statementFlags, '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(FIXTURE_STATEMENT.id);

    r = await runCli([
      'corpus',
      'add',
      fixture('statement-article.html'),
      '--statement',
      FIXTURE_STATEMENT.id,
      '--corpus',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    // Id, title and paragraph count; the date and outlet came from the page's metadata.
    expect(r.stdout).toMatch(
      /^added fixturewire-allies-condemn-north-korea-russia-missile: "Allies condemn North Korea–Russia missile cooperation" \(5 paragraphs\)/,
    );
    const html = await readFile(
      join(dir, 'articles', 'fixturewire-allies-condemn-north-korea-russia-missile.md'),
      'utf8',
    );
    expect(html).toContain('published: 2025-03-05');
    expect(html).toContain('outlet: Fixture Wire');
    expect(html).not.toMatch(/Advertisement|Read also|Subscribe|All rights reserved|Image:/);

    r = await runCli([...responseFlags, '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
    r = await runCli([
      'corpus',
      'add',
      fixture('response-article.txt'),
      '--outlet',
      'Fixture Wire',
      '--published',
      '2025-03-07',
      '--statement',
      `${FIXTURE_STATEMENT.id},${FIXTURE_RESPONSE.id}`,
      '--corpus',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^added fixturewire-north-korea-rejects-allies-missile-statement: .*\(4 paragraphs\)/);

    const signed = await cliJson(['who-signed', 'the March statement', '--corpus', dir]);
    expect((signed.statement as { id: string }).id).toBe(FIXTURE_STATEMENT.id);
    expect(signed.signatories).toEqual(
      expect.arrayContaining([
        'Australia',
        'New Zealand',
        'the Republic of Korea',
        'the High Representative of the European Union',
      ]),
    );
    expect(signed.citations![0]!.articleId).toBe('fixturewire-allies-condemn-north-korea-russia-missile');

    const response = await cliJson(['dprk-response', FIXTURE_STATEMENT.id, '--corpus', dir]);
    expect(response.lead).toContain('Korean Central News Agency (KCNA)');
    expect(response.lead).toContain('hostile provocation');
    expect(
      response.citations!.every((c) => c.articleId === 'fixturewire-north-korea-rejects-allies-missile-statement'),
    ).toBe(true);
    expect(response.citations!.length).toBeGreaterThan(0);

    const ask = await cliJson([
      'ask',
      'Were North Korean missiles fired at Ukrainian cities over the winter?',
      '--corpus',
      dir,
    ]);
    expect(ask.citations!.map((c) => c.articleId)).toContain('fixturewire-allies-condemn-north-korea-russia-missile');

    const sources = await cliJson(['sources', '--corpus', dir]);
    const ids = (sources.articles as Array<{ id: string }>).map((a) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'fixturewire-allies-condemn-north-korea-russia-missile',
        'fixturewire-north-korea-rejects-allies-missile-statement',
      ]),
    );
    expect(ids).toHaveLength(7);

    r = await runCli(['corpus', 'check', '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('adds an article in the corpus format (.md) with --json, and ask cites it', async () => {
    const out = await cliJson(['corpus', 'add', fixture('background-article.md'), '--corpus', dir]);
    expect(out).toMatchObject({
      ok: true,
      written: true,
      article: {
        id: 'fixturewire-shipping-sanctions-background',
        title: 'What the new shipping sanctions target',
        paragraphs: 3,
        published: '2025-03-10',
      },
      file: 'articles/fixturewire-shipping-sanctions-background.md',
    });
    const ask = await cliJson(['ask', 'Which vessels switched off their transponders?', '--corpus', dir]);
    expect(ask.citations![0]!.articleId).toBe('fixturewire-shipping-sanctions-background');
  });

  it('adds an article from a URL served on 127.0.0.1 when CORPUS_FETCH_ALLOW_PRIVATE=true (following a redirect)', async () => {
    const url = `${server.origin}/go/article`;
    const out = await cliJson(['corpus', 'add', url, '--corpus', dir], ALLOW);
    expect(out.article).toMatchObject({
      paragraphs: 5,
      outlet: 'Fixture Wire',
      published: '2025-03-05',
      url: `${server.origin}/news/allies-condemn-missile-cooperation`,
    });
    const ask = await cliJson([
      'ask',
      'Were North Korean missiles fired at Ukrainian cities over the winter?',
      '--corpus',
      dir,
    ]);
    expect(ask.citations!.map((c) => c.articleId)).toContain((out.article as { id: string }).id);
    // The same page again is refused, as a duplicate.
    const again = await runCli(
      ['corpus', 'add', `${server.origin}/news/allies-condemn-missile-cooperation`, '--corpus', dir],
      { env: ALLOW },
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already in the corpus as "fixturewire-/);
  });

  it('--dry-run shows the preview and writes nothing', async () => {
    const before = await hashDir(dir);
    const r = await runCli(['corpus', 'add', fixture('statement-article.html'), '--dry-run', '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Allies condemn North Korea–Russia missile cooperation');
    expect(r.stdout).toContain('5 paragraphs');
    expect(r.stdout).toContain('[1] The foreign ministers of Australia');
    expect(r.stdout).toContain('dry run: nothing written');
    expect(await hashDir(dir)).toEqual(before);
  });

  it('bad usage exits 2', async () => {
    const cases = [
      ['corpus', 'add'],
      ['corpus', 'add', fixture('statement-article.html'), '--published', '5 March'],
      ['corpus', 'add', fixture('statement-article.html'), '--bogus'],
      ['corpus', 'remove'],
      ['corpus', 'statement', 'add', '--id', 'x-1', '--title', 'T'],
      ['corpus', 'response', 'remove'],
    ];
    for (const args of cases) {
      const r = await runCli([...args, '--corpus', dir]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('removes an article to .trash and restores it', async () => {
    const before = await hashDir(join(dir, 'articles'));
    let r = await runCli(['corpus', 'remove', 'kyivpost-reckless-provocation', '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
    const trashed = await readdir(join(dir, '.trash'));
    expect(trashed).toHaveLength(1);
    expect(trashed[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-kyivpost-reckless-provocation\.md$/);
    const sources = await cliJson(['sources', '--corpus', dir]);
    expect((sources.articles as Array<{ id: string }>).map((a) => a.id)).not.toContain('kyivpost-reckless-provocation');

    r = await runCli(['corpus', 'remove', 'kyivpost-reckless-provocation', '--corpus', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^refused: no article with the id/);

    r = await runCli(['corpus', 'restore', 'kyivpost-reckless-provocation', '--corpus', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(await hashDir(join(dir, 'articles'))).toEqual(before);
    expect(await readdir(join(dir, '.trash'))).toHaveLength(0);

    const status = await cliJson(['corpus', 'status', '--corpus', dir]);
    expect(status).toMatchObject({
      articles: 5,
      statements: 4,
      lastChange: { what: 'restore-article', articleId: 'kyivpost-reckless-provocation', who: { via: 'cli' } },
    });
  });
});

describe('refused input leaves the corpus byte-for-byte unchanged', CLI_TIMEOUT, () => {
  let dir: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    dir = await copyCorpusForSuite();
    before = await hashDir(dir);
  });
  afterAll(async () => {
    try {
      expect(await hashDir(dir)).toEqual(before);
    } finally {
      await removeCorpusCopy(dir);
    }
  });

  async function refused(args: string[], reason: RegExp, env: Record<string, string> = DENY) {
    const r = await runCli([...args, '--corpus', dir], { env });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^refused: /);
    expect(lines[0]).toMatch(reason);
    expect(await hashDir(dir)).toEqual(before);
  }

  it('a broken .md upload, with file and line', async () => {
    await refused(['corpus', 'add', fixture('broken.md')], /broken\.md:6: published: expected YYYY-MM-DD/);
  });

  it('an oversized file', async () => {
    const big = join(scratch, 'big.txt');
    await writeFile(big, 'North Korea said the statement was a provocation. '.repeat(100_000));
    await refused(
      ['corpus', 'add', big, '--title', 'T', '--outlet', 'O', '--published', '2025-01-01'],
      /big\.txt is 4\.8 MB; the limit is 4\.0 MB/,
    );
  });

  it('a binary file and a file that is not UTF-8', async () => {
    const png = join(scratch, 'photo.txt');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await refused(['corpus', 'add', png], /photo\.txt is a PNG file, not text/);
    const latin = join(scratch, 'latin.txt');
    await writeFile(latin, Buffer.from('Pyongyang a d\xe9nonc\xe9 la d\xe9claration.\n', 'latin1'));
    await refused(['corpus', 'add', latin], /latin\.txt is not valid UTF-8 text/);
  });

  it('an unsupported file type', async () => {
    const pdf = join(scratch, 'statement.docx');
    await writeFile(pdf, 'text');
    await refused(['corpus', 'add', pdf], /only \.md \(in the corpus format\), \.txt and \.html files/);
  });

  it('an HTML page with no article, as a file and from a URL', async () => {
    await refused(['corpus', 'add', fixture('no-article.html')], /no article found in the page/);
    await refused(['corpus', 'add', `${server.origin}/news/index`], /no article found in the page/, ALLOW);
  });

  it('plain text without a date or outlet asks for them instead of guessing', async () => {
    await refused(
      ['corpus', 'add', fixture('response-article.txt')],
      /does not give the outlet \(--outlet .*the publication date \(--published/,
    );
  });

  it('a statement that does not exist, and an id already taken', async () => {
    await refused(
      ['corpus', 'add', fixture('background-article.md'), '--statement', 'joint-2031-01-01'],
      /"joint-2031-01-01" is not a statement or response/,
    );
    await refused(
      ['corpus', 'add', fixture('background-article.md'), '--id', 'dw-nato-declaration-response'],
      /id "dw-nato-declaration-response" is already in the corpus/,
    );
    await refused(
      [...statementFlags.slice(0, 3), '--id', 'joint-2024-12-16', ...statementFlags.slice(5)],
      /"joint-2024-12-16" is already a statement or response id/,
    );
    await refused(
      [...responseFlags.slice(0, 6), 'joint-2031-01-01', ...responseFlags.slice(7)],
      /"joint-2031-01-01" is not a statement/,
    );
  });

  it('URLs to private, loopback and link-local addresses, checked on the resolved address, with no request made', async () => {
    const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const port = new URL(server.origin).port;
    await refused(
      ['corpus', 'add', `${server.origin}/news/allies-condemn-missile-cooperation`],
      /127\.0\.0\.1 is a private, loopback or link-local address/,
    );
    await refused(
      ['corpus', 'add', `http://localhost:${port}/news/allies-condemn-missile-cooperation`],
      /localhost is at (127\.0\.0\.1|::1), a private/,
    );
    await refused(['corpus', 'add', 'http://10.1.2.3/news'], /10\.1\.2\.3 is a private/);
    await refused(['corpus', 'add', 'http://169.254.169.254/latest/meta-data/'], /169\.254\.169\.254 is a private/);
    await refused(['corpus', 'add', `http://[::1]:${port}/news`], /::1 is a private/);
    await refused(['corpus', 'add', `http://[::ffff:127.0.0.1]:${port}/news`], /is a private/);
    await refused(['corpus', 'add', `http://[::7f00:1]:${port}/news`], /is a private/);
    await refused(['corpus', 'add', 'http://[::a9fe:a9fe]/latest/meta-data/'], /is a private/);
    await refused(['corpus', 'add', `http://[::ffff:0:7f00:1]:${port}/news`], /is a private/);
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hitsBefore);
  });

  it('IPv6 forms that carry a private, loopback or metadata IPv4 address: mapped, NAT64, 6to4 and Teredo, refused before any request', async () => {
    const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const port = new URL(server.origin).port;
    const forms = [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.1.2.3',
      '::ffff:169.254.169.254', // IPv4-mapped
      '64:ff9b::127.0.0.1',
      '64:ff9b::7f00:1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::c0a8:101', // NAT64 64:ff9b::/96
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::',
      '2002:a01:203::1', // 6to4 2002::/16: 127.0.0.1, 169.254.169.254, 10.1.2.3
      '2001:0:7f00:1::1', // Teredo 2001::/32 with a loopback server
      '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo with a loopback client (127.0.0.1, obfuscated)
      '2001:0:4136:e378:8000:63bf:5601:5601', // Teredo with the metadata address as client (169.254.169.254)
    ];
    for (const address of forms) {
      const fetched = fetchArticle(`http://[${address}]:${port}/news`, { policy: { allowPrivate: false } });
      await expect(fetched, address).rejects.toThrow(/is a private, loopback or link-local address/);
      await expect(fetched, address).rejects.toMatchObject({ code: 'blocked-address' });
    }
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hitsBefore);
  });

  it('non-http schemes, wrong content types, redirects out of http', async () => {
    await refused(['corpus', 'add', 'ftp://example.org/article.html'], /must be http or https, not ftp/);
    await refused(['corpus', 'add', `${server.origin}/photo.png`], /the page is image\/png/, ALLOW);
    await refused(['corpus', 'add', `${server.origin}/go/file`], /a redirect must be http or https, not file/, ALLOW);
    await refused(['corpus', 'add', `${server.origin}/go/loop`], /more than 5 redirects/, ALLOW);
  });
});

describe('the moderation service (the path /corpus commands take)', () => {
  let dir: string;
  let store: KnowledgeStore;
  let moderation: CorpusModeration;
  let audited: AuditEvent[];
  let clock: Date;
  const alice: Actor = { id: '100000000000000001', name: 'alice', via: 'discord' };
  const bob: Actor = { id: '100000000000000002', name: 'bob', via: 'discord' };

  beforeEach(async () => {
    dir = await copyCorpus();
    store = await KnowledgeStore.open(dir);
    audited = [];
    clock = new Date('2025-03-08T10:00:00Z');
    moderation = await CorpusModeration.open(store, {
      audit: [(e) => void audited.push(e)],
      now: () => clock,
      fetch: { policy: { allowPrivate: false, allowAddresses: ['127.0.0.1'] } },
    });
  });

  /** The corpus proper: pending previews may come and go (an expired one is swept). */
  const corpusHash = async () =>
    Object.fromEntries(Object.entries(await hashDir(dir)).filter(([path]) => !path.startsWith('.pending')));

  async function refusedWith(action: () => Promise<unknown>, code: string, message: RegExp) {
    const before = await corpusHash();
    const error = await action().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe(code);
    expect((error as Refusal).message).toMatch(message);
    expect(await corpusHash()).toEqual(before);
  }

  it('preview → Confirm writes, swaps the new index in, records and audits who did what', async () => {
    await moderation.addStatement(FIXTURE_STATEMENT, alice);
    const bytes = await readFile(fixture('statement-article.html'));
    const { token, preview, expiresAt } = await moderation.previewAdd(
      { kind: 'file', name: 'upload.html', bytes, mediaType: 'text/html' },
      { statements: [FIXTURE_STATEMENT.id] },
      alice,
    );
    expect(preview).toMatchObject({
      title: 'Allies condemn North Korea–Russia missile cooperation',
      outlet: 'Fixture Wire',
      published: '2025-03-05',
      publishedLabel: '5 March 2025',
      paragraphs: 5,
      format: 'html',
    });
    expect(preview.firstParagraphs).toHaveLength(3);
    expect(preview.reports).toEqual([{ id: FIXTURE_STATEMENT.id, title: FIXTURE_STATEMENT.title }]);
    expect(Date.parse(expiresAt)).toBeGreaterThan(clock.getTime());
    // The preview is pending on disk (so it survives a restart); nothing is in the corpus yet.
    expect(store.current.corpus.articles.map((a) => a.id)).not.toContain(preview.id);
    const restarted = new CorpusModeration(store, { now: () => clock });

    await refusedWith(() => restarted.confirmPending(token, bob), 'not-yours', /only the moderator who asked/);
    const outcome = await restarted.confirmPending(token, alice);
    expect(outcome.reload).toMatchObject({ ok: true, articles: 6 });
    expect(store.current.corpus.articles.map((a) => a.id)).toContain(preview.id);
    const signed = findCommand('who-signed')!;
    const answer = signed.run(store.current, signed.options.parse({ statement: 'missile transfers statement' }));
    expect(answer.signatories?.map((s) => s.name)).toContain('Japan');

    await refusedWith(
      () => moderation.confirmPending(token, alice),
      'not-found',
      /already confirmed, cancelled or cleared/,
    );
    expect(audited.map((e) => [e.what, e.who.name, e.articleId ?? e.entryId])).toEqual([
      ['add-statement', 'alice', FIXTURE_STATEMENT.id],
    ]); // the restarted service had no sinks; its change is in the corpus's own log:
    const status = await moderation.status();
    expect(status).toMatchObject({
      articles: 6,
      statements: 5,
      responses: 2,
      pending: 0,
      lastChange: { what: 'add-article', who: alice, articleId: preview.id },
    });
    expect(status.buildMs).toBeGreaterThan(0);
  });

  it('Cancel and expiry forget the preview and write nothing', async () => {
    const bytes = await readFile(fixture('background-article.md'));
    const first = await moderation.previewAdd({ kind: 'file', name: 'a.md', bytes }, {}, alice);
    await moderation.cancelPending(first.token, alice);
    await refusedWith(() => moderation.confirmPending(first.token, alice), 'not-found', /start again/);
    const second = await moderation.previewAdd({ kind: 'file', name: 'a.md', bytes }, {}, alice);
    clock = new Date(clock.getTime() + 31 * 60_000);
    await refusedWith(() => moderation.confirmPending(second.token, alice), 'expired', /expired/);
    expect(await readdir(join(dir, '.pending'))).toEqual([]);
    expect(store.current.corpus.articles).toHaveLength(5);
  });

  it('status counts only the previews still waiting, and leaves expired and damaged ones on disk for the sweep', async () => {
    const bytes = await readFile(fixture('background-article.md'));
    const expired = await moderation.previewAdd({ kind: 'file', name: 'a.md', bytes }, {}, alice);
    clock = new Date(clock.getTime() + IMPORT.pendingTtlMs / 2);
    await moderation.previewAdd({ kind: 'file', name: 'a.md', bytes }, {}, bob);
    clock = new Date(clock.getTime() + IMPORT.pendingTtlMs / 2); // alice's has just expired, bob's has not
    await writeFile(join(dir, '.pending', 'damaged-preview-file.json'), '{"token":');
    const files = (await readdir(join(dir, '.pending'))).sort();
    expect(files).toHaveLength(3);

    expect((await moderation.status()).pending).toBe(1);
    expect((await readdir(join(dir, '.pending'))).sort()).toEqual(files);
    // The deliberate clean-up is what removes them.
    await moderation.sweep();
    expect(await readdir(join(dir, '.pending'))).toHaveLength(1);
    expect(await readdir(join(dir, '.pending'))).not.toContain(`${expired.token}.json`);
    expect((await moderation.status()).pending).toBe(1);
  });

  it('adds plain text with metadata given, and a response; dprk-response answers for the new statement', async () => {
    await moderation.addStatement(FIXTURE_STATEMENT, alice);
    await moderation.addResponse(FIXTURE_RESPONSE, alice);
    const draft = await moderation.draft(
      { kind: 'file', name: 'paste.txt', bytes: await readFile(fixture('response-article.txt')) },
      { outlet: 'Fixture Wire', published: '2025-03-07', statements: [FIXTURE_RESPONSE.id] },
    );
    expect(draft.article.title).toBe("North Korea rejects allies' missile statement as hostile provocation");
    await moderation.addArticle(draft, alice);
    const command = findCommand('dprk-response')!;
    const answer = command.run(store.current, command.options.parse({ statement: 'March statement' }));
    expect(answer.statement?.id).toBe(FIXTURE_STATEMENT.id);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.lead).toContain('gross violation of our sovereignty');
    expect(audited.map((e) => e.what)).toEqual(['add-statement', 'add-response', 'add-article']);
    // The registry kept its comments and layout; the new entries are appended in its style.
    const registry = await readFile(join(dir, 'statements.yaml'), 'utf8');
    expect(registry.startsWith('# The statements the corpus covers')).toBe(true);
    expect(registry).toContain(
      "  - id: joint-2025-03-04\n    title: Joint statement on DPRK–Russia missile transfers\n    date: '2025-03-04'",
    );
  });

  it('fetches through the address policy: an allowed address works, a redirect to a private one is refused before any request', async () => {
    const draft = await moderation.draft({ kind: 'url', url: `${server.origin}/news/gzipped` }, {});
    expect(draft.article.paragraphs).toHaveLength(5);
    await refusedWith(
      () => moderation.draft({ kind: 'url', url: `${server.origin}/go/metadata` }, {}),
      'blocked-address',
      /169\.254\.169\.254 is a private/,
    );
    await refusedWith(
      () => moderation.draft({ kind: 'url', url: 'http://127.0.0.2/' }, {}),
      'blocked-address',
      /127\.0\.0\.2/,
    );
  });

  it('reads a Discord attachment by its file name, and refuses an oversized one without downloading it', async () => {
    const url = `${server.origin}/attachments/background.md`;
    const draft = await moderation.draft({ kind: 'attachment', url, name: 'background.md', size: 900 });
    expect(draft.article.id).toBe('fixturewire-shipping-sanctions-background');
    const hits = server.hits.get('/attachments/background.md');
    await refusedWith(
      () => moderation.draft({ kind: 'attachment', url, name: 'background.md', size: 9_000_000 }),
      'too-large',
      /background\.md is 8\.6 MB; the limit is 4\.0 MB/,
    );
    expect(server.hits.get('/attachments/background.md')).toBe(hits);
  });

  it('gives up on a slow server at the time limit and on a flood at the size limit', async () => {
    const slow = new CorpusModeration(store, { fetch: { policy: { allowPrivate: true }, timeoutMs: 300 } });
    const started = performance.now();
    await refusedWith(
      () => slow.draft({ kind: 'url', url: `${server.origin}/slow` }, {}),
      'timeout',
      /did not answer in full within 0\.3 s/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
    await refusedWith(
      () => slow.draft({ kind: 'url', url: `${server.origin}/flood` }, {}),
      'too-large',
      /larger than the limit of 4\.0 MB/,
    );
    await refusedWith(
      () => slow.draft({ kind: 'url', url: `${server.origin}/missing` }, {}),
      'fetch-failed',
      /answered 404/,
    );
  });

  it('gives up on a compressed download that stalls at the time limit', async () => {
    const slow = new CorpusModeration(store, { fetch: { policy: { allowPrivate: true }, timeoutMs: 300 } });
    const started = performance.now();
    await refusedWith(
      () => slow.draft({ kind: 'url', url: `${server.origin}/slow-gzip` }, {}),
      'timeout',
      /did not answer in full within 0\.3 s/,
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('suggests articles for autocomplete and lists the trash', async () => {
    expect(moderation.suggestArticles('kyiv')).toEqual([
      { name: expect.stringContaining('reckless provocation') as string, value: 'kyivpost-reckless-provocation' },
    ]);
    expect(moderation.suggestArticles('')).toHaveLength(5);
    await moderation.removeArticle('kyivpost-reckless-provocation', bob);
    expect((await moderation.trash()).map((t) => t.id)).toEqual(['kyivpost-reckless-provocation']);
    expect(audited.at(-1)).toMatchObject({
      what: 'remove-article',
      who: bob,
      articleId: 'kyivpost-reckless-provocation',
      file: expect.stringMatching(/^\.trash\//) as string,
    });
    expect(store.current.corpus.articles).toHaveLength(4);
  });
});
