/**
 * `/corpus` end to end: the real bot (startBot, with the default extensions, as `npm start` runs it)
 * against the Discord emulator, each test on its own temporary copy of corpus/. Moderators add
 * articles from attached files (the emulator serves the bytes on 127.0.0.1 as Discord's CDN would)
 * and from a web page, confirm or cancel previews, remove and restore, add a statement and North
 * Korea's response, reload and read the status; ordinary members are refused everything; refused
 * input leaves the corpus byte-for-byte unchanged; queries keep being answered during reloads.
 */
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { CORPUS_NOTES } from '../../src/discord/corpusMessages.js';
import { unescapeMarkdown } from '../../src/render/discordMessage.js';
import {
  actors,
  attachment,
  DEFAULT_MOD_LOG_CHANNEL_ID,
  isEphemeral,
  MODERATOR_ROLE_ID,
  type Actor,
} from '../emulator/index.js';
import {
  FIXTURE_RESPONSE,
  FIXTURE_STATEMENT,
  fixture,
  hashDir,
  startFixtureServer,
  type FixtureServer,
} from '../fixtures/corpusFixtures.js';
import { copyCorpus } from '../helpers/corpusCopy.js';
import { interactionLog, newUser, startHarness, type Harness, type HarnessOptions } from './harness.js';

const HTML_ID = 'fixturewire-allies-condemn-north-korea-russia-missile';
const TXT_ID = 'fixturewire-north-korea-rejects-allies-missile-statement';
const MD_ID = 'fixturewire-shipping-sanctions-background';
const MOD_LOG = DEFAULT_MOD_LOG_CHANNEL_ID;

let server: FixtureServer;
const harnesses: Harness[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    h.emu.assertNoViolations();
    await h.close();
  }
});
afterAll(async () => {
  await server?.close();
});

/** A bot on a fresh copy of the corpus, with the mod-log channel configured. */
async function start(options: HarnessOptions = {}): Promise<{ h: Harness; dir: string }> {
  const dir = await copyCorpus(); // removed when the test finishes, after afterEach closed its bot
  const h = await startHarness({
    cooldown: false,
    ...options,
    config: { corpusDir: dir, modLogChannelId: MOD_LOG, ...options.config },
  });
  harnesses.push(h);
  return { h, dir };
}

/** Everything a reader sees in a message, markdown undone, on one string. */
function shown(message: APIMessage): string {
  const parts = [message.content];
  for (const e of message.embeds) {
    parts.push(
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    );
  }
  return plain(parts.filter(Boolean).join('\n'));
}

/** Text as a reader sees it: escapes undone, bold and code marks gone. */
function plain(text: string): string {
  return unescapeMarkdown(text.replace(/(?<!\\)\*\*/g, '').replace(/(?<!\\)`/g, ''));
}

function customIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : [])) : [],
  );
}

function button(message: APIMessage, prefix: string): string {
  const id = customIds(message).find((c) => c.startsWith(prefix));
  if (!id)
    throw new Error(
      `no button ${prefix}… on the message; it has ${customIds(message).join(', ') || 'none'}:\n${shown(message)}`,
    );
  return id;
}

/** `/corpus add …` as `actor`: the (deferred, ephemeral) reply. */
async function corpusAdd(
  h: Harness,
  options: Parameters<Harness['emu']['slashCommand']>[1],
  actor: Actor = actors.moderator,
): Promise<APIMessage> {
  const run = h.emu.slashCommand('corpus add', options, actor);
  const reply = await run.reply({ timeoutMs: 20_000 });
  const response = await run.response();
  expect(response.ephemeral).toBe(true);
  return reply;
}

/** Presses Confirm on a preview and returns the message it becomes. */
async function confirm(h: Harness, preview: APIMessage, actor: Actor = actors.moderator): Promise<APIMessage> {
  return h.emu.clickButton(preview, button(preview, 'corpus:v1:add:'), actor).reply({ timeoutMs: 20_000 });
}

async function ask(h: Harness, question: string): Promise<APIMessage> {
  return h.emu.slashCommand('ask', { question }, newUser()).reply();
}

function citedFields(message: APIMessage): string[] {
  return (message.embeds[0]?.fields ?? [])
    .filter((f) => /^\[\d+\]/.test(f.name))
    .map((f) => unescapeMarkdown(`${f.name}\n${f.value}`));
}

/** The fixture statement as `/corpus statement add` options. */
function statementOptions() {
  return {
    id: FIXTURE_STATEMENT.id,
    title: FIXTURE_STATEMENT.title,
    date: FIXTURE_STATEMENT.date,
    'issued-by': FIXTURE_STATEMENT.issuedBy,
    aliases: FIXTURE_STATEMENT.aliases.join('; '),
  };
}

async function articleIds(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'articles'))).map((f) => f.replace(/\.md$/, '')).sort();
}

describe('registration', () => {
  it('/corpus is registered by deploy-commands with Manage Server as the default permission, for servers only', async () => {
    const { h } = await start();
    const corpus = h.emu.commands(h.emu.guild.id).find((c) => c.name === 'corpus');
    expect(corpus).toBeDefined();
    expect(corpus!.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(corpus!.contexts).toEqual([0]);
    const subs = (corpus!.options ?? []).map((o) => o.name);
    expect(subs).toEqual(['add', 'remove', 'restore', 'reload', 'status', 'gaps', 'stats', 'statement', 'response']);
  });
});

describe('adding articles (moderator)', () => {
  it('from an attached .md file: an ephemeral preview, Confirm writes it, /ask cites it, /sources lists it, the mod log says so', async () => {
    const { h, dir } = await start();
    const content = await readFile(fixture('background-article.md'));
    const preview = await corpusAdd(h, { file: attachment('background.md', { content }) });
    expect(isEphemeral(preview)).toBe(true);
    const text = shown(preview);
    expect(preview.embeds[0]?.title).toBe('What the new shipping sanctions target');
    expect(text).toContain('Fixture Wire');
    expect(text).toContain('10 March 2025');
    expect(text).toContain('3 paragraphs');
    expect(text).toContain('The sanctions announced after the March statement target shipping companies');
    expect(text).toMatch(/Nothing is added until you press Confirm/);
    // The bot downloaded the attachment from the URL Discord gave; nothing is written yet.
    expect(h.emu.attachmentDownloads()).toHaveLength(1);
    expect(await articleIds(dir)).not.toContain(MD_ID);
    for (const id of customIds(preview)) expect(id.length).toBeLessThanOrEqual(100);

    const done = await confirm(h, preview);
    expect(done.id).toBe(preview.id); // the preview is replaced by the outcome
    expect(shown(done)).toMatch(
      /bob_mod added article fixturewire-shipping-sanctions-background “What the new shipping sanctions target”/,
    );
    expect(shown(done)).toMatch(/The bot answers from it now: 6 articles/);
    expect(customIds(done)).toEqual([]);
    expect(await articleIds(dir)).toContain(MD_ID);

    const answer = await ask(h, 'Which vessels switched off their transponders?');
    expect(citedFields(answer)[0]).toMatch(/^\[1\] Fixture Wire · 10 March 2025/);
    const sources = shown(await h.emu.slashCommand('sources', {}, newUser()).reply());
    expect(sources).toContain('What the new shipping sanctions target');

    const post = await h.emu.waitForChannelPost(MOD_LOG, (m) => plain(m.content).includes('added article'));
    expect(unescapeMarkdown(post.content)).toMatch(
      new RegExp(
        `^➕ bob_mod added article ${MD_ID} “What the new shipping sanctions target” \\(<@${actors.moderator.userId}>\\) · <t:\\d+:f>$`,
      ),
    );
    const sent = h.emu.requests.find((r) => r.route === '/channels/{channel}/messages' && r.method === 'POST');
    expect((sent?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const audit = await h.waitForLog((l) => l.event === 'corpus-change');
    expect(audit).toMatchObject({
      what: 'add-article',
      articleId: MD_ID,
      who: { id: actors.moderator.userId, name: 'bob_mod', via: 'discord' },
    });
    expect(audit.when).toEqual(expect.any(String));
  });

  it('a new statement and North Korea’s response, then an attached .html and a plain .txt reporting them: /who-signed and /dprk-response answer for them', async () => {
    const { h, dir } = await start();
    const statement = await h.emu.slashCommand('corpus statement add', statementOptions(), actors.moderator).reply();
    expect(shown(statement)).toMatch(/Statement added/);
    expect(shown(statement)).toContain(`bob_mod added the statement ${FIXTURE_STATEMENT.id}`);

    // Autocomplete offers the new statement for the article's `statement` option.
    const suggestions = await h.emu.autocomplete('corpus add', { statement: 'march' }, actors.moderator).response();
    expect(suggestions.choices.map((c) => c.value)).toContain(FIXTURE_STATEMENT.id);

    const html = await readFile(fixture('statement-article.html'));
    let preview = await corpusAdd(h, {
      file: attachment('allies-condemn.html', { content: html }),
      statement: FIXTURE_STATEMENT.id,
    });
    expect(preview.embeds[0]?.title).toBe('Allies condemn North Korea–Russia missile cooperation');
    expect(shown(preview)).toMatch(/5 paragraphs/);
    expect(shown(preview)).toContain(`${FIXTURE_STATEMENT.id} ${FIXTURE_STATEMENT.title}`);
    expect(shown(preview)).toContain('¶ 1');
    expect(shown(preview)).not.toMatch(/Subscribe|Image:/);
    await confirm(h, preview);

    const response = await h.emu
      .slashCommand(
        'corpus response add',
        {
          'responds-to': FIXTURE_RESPONSE.respondsTo,
          id: FIXTURE_RESPONSE.id,
          title: FIXTURE_RESPONSE.title,
          date: FIXTURE_RESPONSE.date,
          'issued-by': FIXTURE_RESPONSE.issuedBy,
          channel: FIXTURE_RESPONSE.channel,
          aliases: FIXTURE_RESPONSE.aliases.join('; '),
        },
        actors.moderator,
      )
      .reply();
    expect(shown(response)).toMatch(/Response added/);

    const txt = await readFile(fixture('response-article.txt'));
    preview = await corpusAdd(h, {
      file: attachment('response.txt', { content: txt }),
      outlet: 'Fixture Wire',
      published: '2025-03-07',
      statement: `${FIXTURE_STATEMENT.id}, ${FIXTURE_RESPONSE.id}`,
    });
    expect(shown(preview)).toMatch(/4 paragraphs/);
    await confirm(h, preview);
    expect(await articleIds(dir)).toEqual(expect.arrayContaining([HTML_ID, TXT_ID]));

    const signed = shown(
      await h.emu.slashCommand('who-signed', { statement: 'the March statement' }, newUser()).reply(),
    );
    expect(signed).toContain(FIXTURE_STATEMENT.title);
    expect(signed).toMatch(/Australia/);
    expect(signed).toMatch(/New Zealand/);
    expect(signed).toMatch(/High Representative of the European Union/);

    const dprk = await h.emu.slashCommand('dprk-response', { statement: FIXTURE_STATEMENT.id }, newUser()).reply();
    expect(shown(dprk)).toContain('Korean Central News Agency (KCNA)');
    expect(shown(dprk)).toContain('hostile provocation');
    expect(citedFields(dprk).length).toBeGreaterThan(0);

    const answer = await ask(h, 'Were North Korean missiles fired at Ukrainian cities over the winter?');
    expect(citedFields(answer).some((f) => f.includes('Fixture Wire'))).toBe(true);
    const sources = shown(await h.emu.slashCommand('sources', {}, newUser()).reply());
    expect(sources).toContain('Allies condemn North Korea–Russia missile cooperation');
    expect(sources).toContain("North Korea rejects allies' missile statement as hostile provocation");

    // One mod-log line per change, in order.
    await h.emu.waitForChannelPost(MOD_LOG, (m) => plain(m.content).includes(TXT_ID));
    const lines = h.emu.channelPosts(MOD_LOG).map((m) => unescapeMarkdown(m.content));
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['📄', '➕', '💬', '➕']);
    expect(lines[2]).toContain(`added the response ${FIXTURE_RESPONSE.id}`);
  });

  it('from a web page on a local server (CORPUS_FETCH_ALLOW_PRIVATE=true for this bot only), following a redirect', async () => {
    const { h } = await start({ config: { fetchAllowPrivate: true } });
    const preview = await corpusAdd(h, { url: `${server.origin}/go/article`, statement: 'joint-2024-12-16' });
    expect(preview.embeds[0]?.title).toBe('Allies condemn North Korea–Russia missile cooperation');
    expect(shown(preview)).toContain(`${server.origin}/news/allies-condemn-missile-cooperation`);
    expect(shown(preview)).toMatch(/outlet from the page's site name/);
    const done = await confirm(h, preview);
    expect(shown(done)).toMatch(/added article fixturewire-/);
    const answer = await ask(h, 'Were North Korean missiles fired at Ukrainian cities over the winter?');
    expect(
      citedFields(answer).some((f) => f.includes(`${server.origin}/news/allies-condemn-missile-cooperation`)),
    ).toBe(true);
  });

  it('Cancel writes nothing; Confirm after the preview expired says so politely and writes nothing', async () => {
    const { h, dir } = await start();
    const before = await hashDir(dir);
    const md = await readFile(fixture('background-article.md'));
    let preview = await corpusAdd(h, { file: attachment('background.md', { content: md }) });
    const cancelled = await h.emu.clickButton(preview, button(preview, 'corpus:v1:add-no:'), actors.moderator).reply();
    expect(cancelled.content).toBe(CORPUS_NOTES.cancelled);
    expect(customIds(cancelled)).toEqual([]);
    expect(await hashDir(dir)).toEqual(before);

    // Expired: the pending preview on disk says so.
    preview = await corpusAdd(h, { file: attachment('background.md', { content: md }) });
    const token = button(preview, 'corpus:v1:add:').split(':').pop()!;
    const file = join(dir, '.pending', `${token}.json`);
    const pending = JSON.parse(await readFile(file, 'utf8')) as { expiresAt: string };
    await writeFile(file, JSON.stringify({ ...pending, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const expired = await confirm(h, preview);
    expect(shown(expired)).toMatch(
      /This preview has expired \(previews keep for 30 minutes\), so nothing was added\. Run \/corpus add again\./,
    );
    expect(await articleIds(dir)).not.toContain(MD_ID);
    expect(customIds(expired)).toEqual([]);
    expect(await readdir(join(dir, '.pending'))).toEqual([]);
  });

  it('Confirm still works after the bot restarts (the preview is on disk), and only for the moderator who asked', async () => {
    const { h, dir } = await start();
    const md = await readFile(fixture('background-article.md'));
    const preview = await corpusAdd(h, { file: attachment('background.md', { content: md }) });
    await h.restart();

    const otherModerator: Actor = { ...actors.admin };
    const foreign = h.emu.clickButton(preview, button(preview, 'corpus:v1:add:'), otherModerator);
    const note = await foreign.followUp();
    expect(isEphemeral(note)).toBe(true);
    expect(shown(note)).toMatch(/only the moderator who asked for this preview can confirm it/);
    expect(await articleIds(dir)).not.toContain(MD_ID);

    const done = await confirm(h, preview);
    expect(shown(done)).toMatch(/added article fixturewire-shipping-sanctions-background/);
    expect(await articleIds(dir)).toContain(MD_ID);
  });
});

describe('remove, restore, reload, status (moderator)', () => {
  it('remove asks first (autocomplete names the article), then moves it to the trash; restore brings it back; status says who changed what', async () => {
    const { h, dir } = await start();
    const choices = (await h.emu.autocomplete('corpus remove', { article: 'reckless' }, actors.moderator).response())
      .choices;
    expect(choices[0]?.value).toBe('kyivpost-reckless-provocation');

    const ask1 = h.emu.slashCommand('corpus remove', { article: 'kyivpost-reckless-provocation' }, actors.moderator);
    const confirmation = await ask1.reply();
    expect((await ask1.response()).ephemeral).toBe(true);
    expect(shown(confirmation)).toMatch(/^Remove “.+”\?/);
    expect(await articleIds(dir)).toContain('kyivpost-reckless-provocation');
    const removeId = button(confirmation, 'corpus:v1:rm:');
    expect(removeId).toMatch(
      new RegExp(`^corpus:v1:rm:${actors.moderator.userId}:[0-9a-z]+:kyivpost-reckless-provocation:[\\w-]{12}$`),
    );

    const removed = await h.emu.clickButton(confirmation, removeId, actors.moderator).reply();
    expect(shown(removed)).toMatch(/bob_mod removed article kyivpost-reckless-provocation/);
    expect(await articleIds(dir)).not.toContain('kyivpost-reckless-provocation');
    expect(await readdir(join(dir, '.trash'))).toHaveLength(1);
    expect(shown(await h.emu.slashCommand('sources', {}, newUser()).reply())).not.toContain('Kyiv Post');

    const trash = (await h.emu.autocomplete('corpus restore', { article: '' }, actors.moderator).response()).choices;
    expect(trash.map((c) => c.value)).toEqual(['kyivpost-reckless-provocation']);
    const restored = await h.emu
      .slashCommand('corpus restore', { article: 'kyivpost-reckless-provocation' }, actors.moderator)
      .reply();
    expect(shown(restored)).toMatch(/bob_mod restored article kyivpost-reckless-provocation/);
    expect(await articleIds(dir)).toContain('kyivpost-reckless-provocation');

    const status = shown(await h.emu.slashCommand('corpus status', {}, actors.moderator).reply());
    expect(status).toMatch(/Articles\n5\n/);
    expect(status).toMatch(/Statements\n4 \(\+ 2 responses\)/);
    expect(status).toMatch(
      /Last change\n<t:\d+:f> \(<t:\d+:R>\) by bob_mod\nbob_mod restored article kyivpost-reckless-provocation/,
    );
    expect(status).toMatch(/Index build\n\d+\.\d ms/);

    await h.emu.waitForChannelPost(MOD_LOG, (m) => m.content.includes('restored'));
    expect(h.emu.channelPosts(MOD_LOG).map((m) => m.content.split(' ')[0])).toEqual(['🗑️', '♻️']);
  });

  it('when the mod-log channel refuses the post, the change stands and the log says why', async () => {
    const { h, dir } = await start();
    h.emu.failNextChannelPost(403);
    const added = await h.emu.slashCommand('corpus statement add', statementOptions(), actors.moderator).reply();
    expect(shown(added)).toMatch(/Statement added/);
    expect(await h.waitForLog((l) => l.event === 'mod-log-failed')).toMatchObject({
      level: 'warn',
      channel: MOD_LOG,
      what: 'add-statement',
    });
    expect(await readFile(join(dir, 'statements.yaml'), 'utf8')).toContain(`id: ${FIXTURE_STATEMENT.id}`);
    h.emu.takeViolations();
  });

  it('a removal can be cancelled, and its confirmation is only for the moderator who asked', async () => {
    const { h, dir } = await start();
    const before = await hashDir(dir);
    const confirmation = await h.emu
      .slashCommand('corpus remove', { article: 'kyivpost-reckless-provocation' }, actors.moderator)
      .reply();
    const foreign = await h.emu.clickButton(confirmation, button(confirmation, 'corpus:v1:rm:'), actors.admin).reply();
    expect(foreign.content).toBe(CORPUS_NOTES.removeForeign);
    const cancelled = await h.emu.clickButton(confirmation, 'corpus:v1:rm-no', actors.moderator).reply();
    expect(cancelled.content).toBe(CORPUS_NOTES.removeCancelled);
    expect(await hashDir(dir)).toEqual(before);
  });

  it('reload after an edit on the server: queries sent all the while are all answered', async () => {
    const { h, dir } = await start();
    // An edit on the server: a new article dropped into articles/.
    await writeFile(join(dir, 'articles', `${MD_ID}.md`), await readFile(fixture('background-article.md')));
    const questions = [
      'North Korea and Russia military cooperation',
      'Who signed the December statement?',
      'How many troops did North Korea send?',
    ];
    let stop = false;
    const answered: APIMessage[] = [];
    const asking = (async () => {
      for (let n = 0; !stop || n < 12; n++) answered.push(await ask(h, questions[n % questions.length]!));
    })();
    const reloads: APIMessage[] = [];
    for (let n = 0; n < 3; n++) reloads.push(await h.emu.slashCommand('corpus reload', {}, actors.moderator).reply());
    stop = true;
    await asking;
    expect(answered.length).toBeGreaterThanOrEqual(12);
    for (const reply of answered) expect(citedFields(reply).length).toBeGreaterThan(0);
    for (const r of reloads)
      expect(shown(r)).toMatch(
        /^Corpus reloaded\nbob_mod reloaded the corpus: 6 articles, \d+ paragraphs, index built in \d+ ms\./,
      );
    expect(citedFields(await ask(h, 'Which vessels switched off their transponders?'))[0]).toMatch(/Fixture Wire/);
    const errors = h.logs.filter((l) => l.event === 'interaction' && l.outcome !== 'ok');
    expect(errors).toEqual([]);
    await h.emu.waitForChannelPost(MOD_LOG, (m) => m.content.startsWith('🔄'));
  });

  it('a broken file on disk: reload is refused with file and line, and the bot keeps answering from the last good corpus', async () => {
    const { h, dir } = await start();
    const before = citedFields(await ask(h, 'Who signed the December statement?'));
    await writeFile(join(dir, 'articles', 'fixturewire-broken-article.md'), await readFile(fixture('broken.md')));
    const refused = await h.emu.slashCommand('corpus reload', {}, actors.moderator).reply();
    expect(shown(refused)).toMatch(
      /^Reload refused\nThe corpus on disk has problems, so I kept answering from the last good corpus/,
    );
    expect(shown(refused)).toMatch(/• articles\/fixturewire-broken-article\.md:6 published: expected YYYY-MM-DD/);
    expect(citedFields(await ask(h, 'Who signed the December statement?'))).toEqual(before);
    const status = shown(await h.emu.slashCommand('corpus status', {}, actors.moderator).reply());
    expect(status).toMatch(/Articles\n5\n/);
  });
});

describe('refused input: a clear message, and the corpus on disk byte-for-byte unchanged', () => {
  it(
    'a broken upload, an oversized file (never downloaded), a private-address URL (never requested), an HTML page with no article',
    { timeout: 45_000 },
    async () => {
      const { h, dir } = await start();
      const before = await hashDir(dir);
      const expectRefused = async (options: Parameters<Harness['emu']['slashCommand']>[1], reason: RegExp) => {
        const reply = await corpusAdd(h, options);
        expect(reply.embeds[0]?.title).toBe('Refused');
        expect(shown(reply)).toMatch(reason);
        expect(customIds(reply)).toEqual([]);
        expect(await hashDir(dir)).toEqual(before);
      };

      await expectRefused(
        { file: attachment('broken.md', { content: await readFile(fixture('broken.md')) }) },
        /Nothing was changed: broken\.md is not a valid corpus article: broken\.md:6: published: expected YYYY-MM-DD/,
      );

      const big = attachment('big.txt', { content: 'too big', size: 5 * 1024 * 1024 });
      await expectRefused(
        { file: big, title: 'T', outlet: 'O', published: '2025-01-01' },
        /big\.txt is 5\.0 MB; the limit is 4\.0 MB/,
      );
      expect(h.emu.attachmentDownloads().filter((r) => r.path.endsWith('/big.txt'))).toEqual([]);

      const hits = [...server.hits.values()].reduce((a, b) => a + b, 0);
      await expectRefused(
        { url: `${server.origin}/news/allies-condemn-missile-cooperation` },
        /127\.0\.0\.1 is a private, loopback or link-local address; articles are fetched only from public addresses/,
      );
      await expectRefused({ url: 'http://169.254.169.254/latest/meta-data/' }, /169\.254\.169\.254 is a private/);
      expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hits);

      await expectRefused(
        { file: attachment('index.html', { content: await readFile(fixture('no-article.html')) }) },
        /no article found in the page/,
      );
      await expectRefused(
        { file: attachment('paste.txt', { content: await readFile(fixture('response-article.txt')) }) },
        /does not give the outlet .*the publication date/,
      );
      await expectRefused(
        { file: attachment('statement.docx', { content: 'text' }) },
        /only \.md \(in the corpus format\), \.txt and \.html files can be added/,
      );
      await expectRefused(
        {
          file: attachment('background.md', { content: await readFile(fixture('background-article.md')) }),
          statement: 'joint-2031-01-01',
        },
        /"joint-2031-01-01" is not a statement or response/,
      );

      // Neither a file nor a url; a statement with a bad date: refused before anything runs.
      const none = await h.emu.slashCommand('corpus add', { title: 'T' }, actors.moderator).reply();
      expect(none.content).toBe(CORPUS_NOTES.needSource);
      const badDate = await h.emu
        .slashCommand(
          'corpus statement add',
          { id: 'joint-2025-13-01', title: 'T', date: '2025-13-01', 'issued-by': 'X' },
          actors.moderator,
        )
        .reply();
      expect(plain(badDate.content)).toMatch(
        /^That didn't work: date: not a real calendar date\. Nothing was changed\.$/,
      );
      const taken = await h.emu
        .slashCommand(
          'corpus statement add',
          { id: 'joint-2024-12-16', title: 'T', date: '2024-12-16', 'issued-by': 'X' },
          actors.moderator,
        )
        .reply();
      expect(shown(taken)).toMatch(/"joint-2024-12-16" is already a statement or response id/);
      expect(await hashDir(dir)).toEqual(before);

      // The same page from a URL, with private addresses allowed for another bot: also refused as no article.
      const { h: allowed, dir: other } = await start({ config: { fetchAllowPrivate: true } });
      const otherBefore = await hashDir(other);
      const index = await corpusAdd(allowed, { url: `${server.origin}/news/index` });
      expect(shown(index)).toMatch(/no article found in the page/);
      expect(await hashDir(other)).toEqual(otherBefore);
    },
  );
});

describe('permissions', () => {
  it('an ordinary member is refused every /corpus subcommand and button (ephemeral, nothing changes); autocomplete suggests nothing', async () => {
    const { h, dir } = await start({ config: { fetchAllowPrivate: true } });
    // A moderator's preview and removal confirmation, whose buttons the member then tries.
    const preview = await corpusAdd(h, {
      file: attachment('background.md', { content: await readFile(fixture('background-article.md')) }),
    });
    const removal = await h.emu
      .slashCommand('corpus remove', { article: 'kyivpost-reckless-provocation' }, actors.moderator)
      .reply();
    const before = await hashDir(dir);
    const downloads = h.emu.attachmentDownloads().length;
    const hits = [...server.hits.values()].reduce((a, b) => a + b, 0);

    const member = actors.member;
    const attempts = [
      h.emu.slashCommand('corpus add', { file: attachment('background.md', { content: 'x' }) }, member),
      h.emu.slashCommand('corpus add', { url: `${server.origin}/news/allies-condemn-missile-cooperation` }, member),
      h.emu.slashCommand('corpus remove', { article: 'kyivpost-reckless-provocation' }, member),
      h.emu.slashCommand('corpus restore', { article: 'kyivpost-reckless-provocation' }, member),
      h.emu.slashCommand('corpus reload', {}, member),
      h.emu.slashCommand('corpus status', {}, member),
      h.emu.slashCommand('corpus gaps', {}, member),
      h.emu.slashCommand('corpus stats', { days: 7 }, member),
      h.emu.slashCommand(
        'corpus statement add',
        { id: 'joint-2025-03-04', title: 'T', date: '2025-03-04', 'issued-by': 'X' },
        member,
      ),
      h.emu.slashCommand(
        'corpus response add',
        {
          'responds-to': 'joint-2024-12-16',
          id: 'dprk-2025-03-07',
          title: 'T',
          date: '2025-03-07',
          'issued-by': 'X',
          channel: 'KCNA',
        },
        member,
      ),
      h.emu.clickButton(preview, button(preview, 'corpus:v1:add:'), member),
      h.emu.clickButton(preview, button(preview, 'corpus:v1:add-no:'), member),
      h.emu.clickButton(removal, button(removal, 'corpus:v1:rm:'), member),
    ];
    for (const attempt of attempts) {
      const response = await attempt.response();
      expect(response.type).toBe(4);
      expect(response.ephemeral).toBe(true);
      expect(response.data.content).toBe(CORPUS_NOTES.denied(null));
      expect(await interactionLog(h, attempt.id)).toMatchObject({ command: 'corpus', outcome: 'denied' });
    }
    expect((await h.emu.autocomplete('corpus remove', { article: 'kyiv' }, member).response()).choices).toEqual([]);
    expect((await h.emu.autocomplete('corpus add', { statement: 'dec' }, member).response()).choices).toEqual([]);
    expect(await hashDir(dir)).toEqual(before);
    expect(h.emu.attachmentDownloads()).toHaveLength(downloads);
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hits);
    expect(h.emu.channelPosts(MOD_LOG)).toEqual([]);
  });

  it('MOD_ROLE_ID lets a member with that role in without Manage Server; without it configured, the role alone is not enough', async () => {
    const withRole: Actor = {
      ...newUser('rolemod'),
      permissions: actors.member.permissions,
      roles: [MODERATOR_ROLE_ID],
    };
    const { h } = await start({ config: { modRoleId: MODERATOR_ROLE_ID } });
    const status = await h.emu.slashCommand('corpus status', {}, withRole).reply();
    expect(status.embeds[0]?.title).toBe('Corpus status');
    const denied = await h.emu.slashCommand('corpus status', {}, actors.member).reply();
    expect(denied.content).toBe(CORPUS_NOTES.denied(MODERATOR_ROLE_ID));
    expect(denied.content).toContain(`<@&${MODERATOR_ROLE_ID}>`);

    const { h: plain } = await start();
    const refused = await plain.emu.slashCommand('corpus status', {}, withRole).reply();
    expect(refused.content).toBe(CORPUS_NOTES.denied(null));
    // An administrator needs no role.
    expect((await plain.emu.slashCommand('corpus status', {}, actors.admin).reply()).embeds[0]?.title).toBe(
      'Corpus status',
    );
  });
});
