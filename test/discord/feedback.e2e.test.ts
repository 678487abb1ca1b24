/**
 * The question log and the feedback buttons, through the real bot on the emulator: every answer
 * carries 👍 / 👎 (and "Wrong statement" where it resolved a statement); a vote is acknowledged only to
 * the voter and never changes the message; one vote per person per answer, changeable; votes and
 * records survive a restart; people are stored only as a keyed hash; QUESTION_LOG=off stores nothing;
 * retention purges; a locked or corrupt database never stops an answer.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { FEEDBACK_NOTES } from '../../src/discord/feedback.js';
import { FIND_SOURCES } from '../../src/discord/findSources.js';
import { actors, type Actor, type DispatchedInteraction } from '../emulator/index.js';
import { dataDirForTest } from '../helpers/dataDir.js';
import { interactionLog, newUser, startHarness, type Harness, type HarnessOptions } from './harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    h.emu.assertNoViolations();
    await h.close();
  }
});

async function start(options: HarnessOptions = {}): Promise<{ h: Harness; dataDir: string }> {
  const dataDir = options.config?.dataDir ?? (await dataDirForTest());
  const h = await startHarness({ cooldown: false, ...options, config: { dataDir, ...options.config } });
  harnesses.push(h);
  return { h, dataDir };
}

interface ButtonInfo {
  label: string;
  emoji: string | null;
  customId: string | null;
}

function rows(message: APIMessage): ButtonInfo[][] {
  return (message.components ?? []).map((row) =>
    'components' in row
      ? row.components.flatMap((c) =>
          c.type === 2
            ? [
                {
                  label: 'label' in c ? String(c.label ?? '') : '',
                  emoji: 'emoji' in c ? (c.emoji?.name ?? null) : null,
                  customId: 'custom_id' in c ? c.custom_id : null,
                },
              ]
            : [],
        )
      : [],
  );
}

/** The feedback row (the last one): what a reader sees on each button. */
function feedbackButtons(message: APIMessage): string[] {
  const last = rows(message).at(-1) ?? [];
  return last.filter((b) => b.customId?.startsWith('fb:')).map((b) => b.emoji ?? b.label);
}

function voteButton(message: APIMessage, shown: '👍' | '👎' | 'Wrong statement'): string {
  const id = rows(message)
    .flat()
    .find((b) => b.customId?.startsWith('fb:') && (b.emoji === shown || b.label === shown))?.customId;
  if (!id) throw new Error(`no ${shown} button on the message`);
  return id;
}

/** Clicks a vote button as `actor`; returns what the voter was told, after checking only they see it. */
async function vote(
  h: Harness,
  message: APIMessage,
  shown: '👍' | '👎' | 'Wrong statement',
  actor: Actor,
): Promise<string> {
  const before = JSON.stringify(h.emu.message(message.id));
  const response = await h.emu.clickButton(message, voteButton(message, shown), actor).response();
  expect(response.type).toBe(4); // a new message, not an update of the answer
  expect(response.ephemeral).toBe(true);
  expect(JSON.stringify(h.emu.message(message.id))).toBe(before); // the answer is untouched for everyone
  return response.data.content ?? '';
}

/** The database as a reader of the file sees it (opened read-only, closed at once). */
function query<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, 'statement-desk.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The reply to an interaction, once the bot is done with it (its log line written, its record queued), and the queue written. */
async function answered(h: Harness, d: DispatchedInteraction): Promise<APIMessage> {
  const reply = await d.reply();
  await interactionLog(h, d.id);
  h.bot.answerLog.flush();
  return reply;
}

describe('feedback buttons', () => {
  it('every answer carries 👍 and 👎 in its last row; "Wrong statement" only where the answer resolved a statement', async () => {
    const { h } = await start();
    const user = newUser();
    const ask = await h.emu
      .slashCommand('ask', { question: 'How many troops did North Korea send to Russia?' }, user)
      .reply();
    expect(feedbackButtons(ask)).toEqual(['👍', '👎']);
    expect(rows(ask)[0]!.some((b) => b.label.startsWith('More passages'))).toBe(true); // the pager stays first

    const signed = await h.emu.slashCommand('who-signed', { statement: 'December' }, user).reply();
    expect(feedbackButtons(signed)).toEqual(['👍', '👎', 'Wrong statement']);

    for (const command of ['timeline', 'sources', 'help'] as const) {
      const reply = await h.emu.slashCommand(command, {}, user).reply();
      expect(feedbackButtons(reply), command).toEqual(['👍', '👎']);
      expect((reply.components ?? []).length).toBeLessThanOrEqual(5);
    }

    // A choice between statements keeps its statement buttons and gets feedback too.
    const choice = await h.emu.slashCommand('who-signed', { statement: 'statement' }, user).reply();
    expect(
      rows(choice)
        .flat()
        .some((b) => b.customId?.startsWith('pick:')),
    ).toBe(true);
    expect(feedbackButtons(choice)).toEqual(['👍', '👎']);

    const found = await h.emu
      .messageCommand(FIND_SOURCES, { content: 'North Korea sent troops to Russia' }, user)
      .reply();
    expect(feedbackButtons(found)).toEqual(['👍', '👎']);
  });

  it('a vote is acknowledged only to the voter and leaves the answer alone; a second click changes it; another person’s vote counts apart', async () => {
    const { h, dataDir } = await start();
    const asker = newUser('asker');
    const other = newUser('other');
    const answer = await h.emu.slashCommand('who-signed', { statement: 'December' }, asker).reply();

    expect(await vote(h, answer, '👎', asker)).toBe(FEEDBACK_NOTES.thanks('down'));
    expect(await vote(h, answer, '👍', asker)).toBe(FEEDBACK_NOTES.changed('down', 'up'));
    expect(await vote(h, answer, '👍', asker)).toBe(FEEDBACK_NOTES.same('up'));
    expect(await vote(h, answer, 'Wrong statement', other)).toBe(FEEDBACK_NOTES.thanks('wrong-statement'));

    const votes = query<{ vote: string; user_hash: string }>(
      dataDir,
      'SELECT vote, user_hash FROM votes ORDER BY vote',
    );
    expect(votes.map((v) => v.vote)).toEqual(['up', 'wrong-statement']);
    expect(new Set(votes.map((v) => v.user_hash)).size).toBe(2);
  });

  it('the buttons stay with the answer as its pages turn: the same answer, the same vote', async () => {
    const { h, dataDir } = await start();
    const user = newUser();
    const answer = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, user)
      .reply();
    const more = rows(answer)
      .flat()
      .find((b) => b.label.startsWith('More passages'))!.customId!;
    const page = (await h.emu.clickButton(answer, more, user).response()).message!;
    expect(voteButton(page, '👍')).toBe(voteButton(answer, '👍'));
    expect(await vote(h, page, '👎', user)).toBe(FEEDBACK_NOTES.thanks('down'));
    expect(await vote(h, answer, '👍', user)).toBe(FEEDBACK_NOTES.changed('down', 'up'));
    expect(query(dataDir, 'SELECT * FROM votes')).toHaveLength(1);
    expect(query(dataDir, 'SELECT * FROM answers')).toHaveLength(1); // a page turn is no new answer
  });

  it('a vote on a message from before a restart counts, and remembers the vote given before it', async () => {
    const { h, dataDir } = await start();
    const user = newUser();
    const answer = await h.emu.slashCommand('ask', { question: 'reckless provocation' }, user).reply();
    expect(await vote(h, answer, '👍', user)).toBe(FEEDBACK_NOTES.thanks('up'));
    await h.restart();
    expect(await vote(h, answer, '👎', user)).toBe(FEEDBACK_NOTES.changed('up', 'down'));
    expect(query<{ vote: string }>(dataDir, 'SELECT vote FROM votes')).toEqual([{ vote: 'down' }]);
  });
});

describe('answer records', () => {
  it('one record per answer: time, command, the question as asked and normalised, its key concepts, grade, statement, cited passages, latency', async () => {
    const { h, dataDir } = await start();
    const user = newUser();
    const before = Date.now();
    const ask = await answered(
      h,
      h.emu.slashCommand('ask', { question: '  How many  troops did North Korea send?' }, user),
    );
    await answered(h, h.emu.slashCommand('ask', { question: 'what is the price of tea in china' }, user));
    await answered(h, h.emu.slashCommand('who-signed', { statement: 'December', party: 'Japan' }, user));
    await answered(h, h.emu.messageCommand(FIND_SOURCES, { content: 'North Korea sent troops to Russia' }, user));

    const answers = query<Record<string, unknown>>(dataDir, 'SELECT * FROM answers ORDER BY id');
    expect(answers.map((a) => [a.command, a.surface, a.question, a.grade, a.statement_id])).toEqual([
      ['ask', 'slash', '  How many  troops did North Korea send?', 'answered', null],
      ['ask', 'slash', 'what is the price of tea in china', 'none', null],
      ['who-signed', 'slash', 'December party: Japan', 'answered', 'joint-2024-12-16'],
      ['find-sources', 'context-menu', 'North Korea sent troops to Russia', 'answered', null],
    ]);
    expect(answers[0]!.question_normalised).toBe('how many troops did north korea send?');
    expect(answers[0]!.concept_key).toMatch(/\btroop\b/);
    for (const a of answers) {
      expect(a.at as number).toBeGreaterThanOrEqual(before);
      expect(a.latency_ms as number).toBeGreaterThan(0);
    }
    const passages = query<{ rank: number; article_id: string; paragraph: number }>(
      dataDir,
      'SELECT rank, article_id, paragraph FROM answer_passages WHERE answer_id = ? ORDER BY rank',
      answers[0]!.id,
    );
    const cited = (ask.embeds[0]!.fields ?? []).filter((f) => /^\[\d+\]/.test(f.name));
    expect(passages.map((p) => p.rank)).toEqual(cited.map((_, n) => n + 1));
    expect(query(dataDir, 'SELECT * FROM answer_passages WHERE answer_id = ?', answers[1]!.id)).toEqual([]); // "none" cites nothing
  });

  it('people are stored only as a keyed hash: no Discord id or name anywhere in the database files', async () => {
    const { h, dataDir } = await start();
    const user: Actor = { userId: '512345678901234567', username: 'distinctive_name_42', globalName: null };
    const answer = await h.emu.slashCommand('ask', { question: 'reckless provocation' }, user).reply();
    await vote(h, answer, '👍', user);
    await h.close();
    harnesses.splice(0);
    const files = await readdir(dataDir);
    // The key beside the database, never in it; the write-ahead log checkpointed into the file and gone.
    expect(files.sort()).toEqual(['statement-desk.sqlite', 'user-key']);
    for (const file of files) {
      const bytes = await readFile(join(dataDir, file), 'latin1');
      expect(bytes, file).not.toContain(user.userId);
      expect(bytes, file).not.toContain(user.username);
    }
    expect(query<{ user_hash: string }>(dataDir, 'SELECT user_hash FROM answers')[0]!.user_hash).toMatch(/^[\w-]{22}$/);
  });

  it('the database survives a restart: the records before it are kept, the new ones added', async () => {
    const { h, dataDir } = await start();
    await answered(h, h.emu.slashCommand('ask', { question: 'reckless provocation' }, newUser()));
    await h.restart();
    await answered(h, h.emu.slashCommand('timeline', {}, newUser()));
    expect(
      query<{ command: string }>(dataDir, 'SELECT command FROM answers ORDER BY id').map((a) => a.command),
    ).toEqual(['ask', 'timeline']);
    expect(h.logs.filter((l) => l.event === 'question-log-migrated')).toHaveLength(1); // the schema is made once
  });

  it('a burst of answers at once: every one gets its buttons and its record (written a few a turn, after the replies)', async () => {
    const { h, dataDir } = await start();
    const burst = Array.from({ length: 25 }, (_, n) =>
      h.emu.slashCommand('ask', { question: `reckless provocation ${n}` }, newUser('burst')),
    );
    const replies = await Promise.all(burst.map((d) => answered(h, d)));
    for (const reply of replies) expect(feedbackButtons(reply)).toEqual(['👍', '👎']);
    expect(query<{ n: number }>(dataDir, 'SELECT COUNT(DISTINCT public_id) AS n FROM answers')).toEqual([{ n: 25 }]);
    expect(h.bot.answerLog.health()).toMatchObject({ recorded: 25, dropped: 0, pending: 0 });
  });

  it('QUESTION_LOG=off stores nothing: no file, no feedback buttons', async () => {
    const { h, dataDir } = await start({ config: { questionLog: false } });
    const user = newUser();
    const answer = await h.emu.slashCommand('who-signed', { statement: 'December' }, user).reply();
    expect(answer.embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(feedbackButtons(answer)).toEqual([]);
    await answered(h, h.emu.slashCommand('ask', { question: 'reckless provocation' }, user));
    expect(await readdir(dataDir)).toEqual([]);
    expect(h.bot.answerLog.health()).toMatchObject({ state: 'off', file: null });
  });

  it('retention purges: records older than RETENTION_DAYS are deleted at start-up, with their votes', async () => {
    let now = Date.parse('2026-01-01T12:00:00Z');
    const { h, dataDir } = await start({ now: () => now, config: { retentionDays: 30 } });
    const user = newUser();
    const old = await h.emu.slashCommand('ask', { question: 'reckless provocation' }, user).reply();
    await vote(h, old, '👎', user);
    now += 20 * 86_400_000;
    await h.restart(); // 20 days later: kept
    expect(query(dataDir, 'SELECT * FROM answers')).toHaveLength(1);
    await answered(h, h.emu.slashCommand('timeline', {}, user));
    now += 15 * 86_400_000;
    await h.restart(); // 35 days after the first, 15 after the second
    expect(await h.waitForLog((l) => l.event === 'question-log-purged')).toMatchObject({
      answers: 1,
      retentionDays: 30,
    });
    const kept = query<{ id: number; command: string }>(dataDir, 'SELECT id, command FROM answers');
    expect(kept.map((a) => a.command)).toEqual(['timeline']);
    expect(query(dataDir, 'SELECT * FROM votes')).toEqual([]);
    expect(query<{ answer_id: number }>(dataDir, 'SELECT DISTINCT answer_id FROM answer_passages')).toEqual([
      { answer_id: kept[0]!.id },
    ]);
    // The old message's buttons now say the answer is gone, and count nothing.
    expect(await vote(h, old, '👍', user)).toBe(FEEDBACK_NOTES.unknown(30));
  });
});

describe('a database that cannot be used never stops an answer', () => {
  it('a corrupt file: answers arrive (without feedback buttons), the failure is logged once, /corpus status tells moderators', async () => {
    const dataDir = await dataDirForTest();
    await writeFile(
      join(dataDir, 'statement-desk.sqlite'),
      'this is not a database, it is a note left by mistake\n'.repeat(200),
    );
    const { h } = await start({ config: { dataDir } });
    const user = newUser();
    for (const question of ['reckless provocation', 'how many troops did North Korea send?']) {
      const answer = await h.emu.slashCommand('ask', { question }, user).reply();
      expect(answer.embeds[0]!.fields!.length).toBeGreaterThan(0);
      expect(feedbackButtons(answer)).toEqual([]);
    }
    expect(h.logs.filter((l) => l.event === 'question-log-failed' && l.level === 'error')).toHaveLength(1);
    expect(h.logs.find((l) => l.event === 'question-log-failed')).toMatchObject({ reason: 'corrupt', during: 'open' });
    expect(h.bot.answerLog.health()).toMatchObject({ state: 'failing', reason: 'corrupt' });

    const status = await h.emu.slashCommand('corpus status', {}, actors.moderator).reply();
    const field = status.embeds[0]!.fields!.find((f) => f.name === 'Question log');
    expect(field?.value).toMatch(/not recording/i);
    expect(field?.value).toMatch(/corrupt/i);
  });

  it('a database another process has locked: the answer arrives at once with its buttons; the record is written once the lock is gone', async () => {
    const { h, dataDir } = await start();
    const user = newUser();
    await answered(h, h.emu.slashCommand('help', {}, user));
    const other = new Database(join(dataDir, 'statement-desk.sqlite'));
    try {
      other.exec('BEGIN EXCLUSIVE');
      other.prepare('UPDATE answers SET command = command WHERE id = 1').run();
      const answer = await answered(h, h.emu.slashCommand('ask', { question: 'reckless provocation' }, user));
      expect(feedbackButtons(answer)).toEqual(['👍', '👎']);
      await h.waitForLog((l) => l.event === 'question-log-busy');
      expect(h.bot.answerLog.health()).toMatchObject({ state: 'ok', reason: 'locked', pending: 1 });
      // A vote while the database is locked is not lost silently: the voter is told to try again.
      expect(await vote(h, answer, '👍', user)).toBe(FEEDBACK_NOTES.unavailable);
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    await h.waitForLog((l) => l.event === 'question-log-unlocked', 10_000);
    expect(
      query<{ command: string }>(dataDir, 'SELECT command FROM answers ORDER BY id').map((a) => a.command),
    ).toEqual(['help', 'ask']);
  });
});
