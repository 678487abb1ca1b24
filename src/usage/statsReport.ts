/**
 * `corpus stats`: how the bot is used over a period: answers per day (UTC), the share of each grade,
 * the votes, the passages cited most, and the commands by latency, slowest first.
 */
import { USAGE } from '../config/constants.js';
import type { Match } from '../answer/answer.js';
import type { UsageDatabase } from './database.js';
import type { PassageCount } from './gapsReport.js';

export interface CommandLatency {
  command: string;
  answers: number;
  /** Mean, 95th percentile (nearest rank) and slowest, in milliseconds. */
  meanMs: number;
  p95Ms: number;
  maxMs: number;
}

export interface StatsReport {
  days: number;
  /** The period's start (ISO 8601, UTC). */
  since: string;
  answers: number;
  /** Every day of the period with at least one answer, oldest first. */
  perDay: Array<{ day: string; answers: number }>;
  grades: Record<Match, number>;
  /** Votes cast in the period. */
  votes: { up: number; down: number; wrongStatement: number };
  mostCited: PassageCount[];
  /** Slowest first (by p95). */
  commands: CommandLatency[];
}

export function statsReport(db: UsageDatabase, { days, now }: { days: number; now: number }): StatsReport {
  const since = now - days * 86_400_000;
  const perDay = db
    .prepare(
      "SELECT date(at / 1000, 'unixepoch') AS day, COUNT(*) AS answers FROM answers WHERE at >= ? GROUP BY day ORDER BY day",
    )
    .all(since) as StatsReport['perDay'];
  const grades: Record<Match, number> = { answered: 0, partial: 0, none: 0 };
  for (const row of db
    .prepare('SELECT grade, COUNT(*) AS n FROM answers WHERE at >= ? GROUP BY grade')
    .all(since) as Array<{ grade: Match; n: number }>) {
    grades[row.grade] = row.n;
  }
  const votes = { up: 0, down: 0, wrongStatement: 0 };
  for (const row of db
    .prepare('SELECT vote, COUNT(*) AS n FROM votes WHERE at >= ? GROUP BY vote')
    .all(since) as Array<{ vote: string; n: number }>) {
    if (row.vote === 'up') votes.up = row.n;
    else if (row.vote === 'down') votes.down = row.n;
    else votes.wrongStatement = row.n;
  }
  const mostCited = db
    .prepare(
      `SELECT p.article_id AS articleId, p.paragraph, COUNT(*) AS count
       FROM answer_passages p JOIN answers a ON a.id = p.answer_id WHERE a.at >= ?
       GROUP BY p.article_id, p.paragraph ORDER BY count DESC, p.article_id, p.paragraph LIMIT ?`,
    )
    .all(since, USAGE.mostCited) as PassageCount[];
  const commands = db
    .prepare(
      `SELECT command, COUNT(*) AS answers, AVG(latency_ms) AS meanMs, MAX(latency_ms) AS maxMs,
              MAX(CASE WHEN rank = (n * 95 + 99) / 100 THEN latency_ms END) AS p95Ms
       FROM (SELECT command, latency_ms,
                    ROW_NUMBER() OVER (PARTITION BY command ORDER BY latency_ms) AS rank,
                    COUNT(*) OVER (PARTITION BY command) AS n
             FROM answers WHERE at >= ?)
       GROUP BY command ORDER BY p95Ms DESC, command`,
    )
    .all(since) as CommandLatency[];
  const answers = grades.answered + grades.partial + grades.none;
  return { days, since: new Date(since).toISOString(), answers, perDay, grades, votes, mostCited, commands };
}
