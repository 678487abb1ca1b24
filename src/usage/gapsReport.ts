/**
 * `corpus gaps`: what the corpus falls short on. The questions of the period that the bot answered
 * `none` or only `partial`, or that someone voted down (👎 or "wrong statement"), grouped so that
 * rewordings of one question count together (the same key concepts, see questionText.ts), most
 * often missed first. Each group has its count, an example wording, and the passages it got.
 */
import { USAGE } from '../config/constants.js';
import type { UsageDatabase } from './database.js';

export interface PassageCount {
  articleId: string;
  paragraph: number;
  /** How many of the answers counted cited it. */
  count: number;
}

export interface GapGroup {
  /** The key concepts the group shares (or, for a question without any, `q:` and its normalised text). */
  key: string;
  /** Answers in the period graded none or partial, or voted down. */
  count: number;
  /** Answers in the period with this key, whatever their grade. */
  asked: number;
  none: number;
  partial: number;
  /** Answers of the group someone voted 👎 or "wrong statement". */
  votedDown: number;
  /** How many different wordings (normalised) the count holds. */
  wordings: number;
  /** The most recent wording missed, as asked. */
  example: string;
  /** When it was last missed (ISO 8601, UTC). */
  lastAsked: string;
  /** The passages those answers cited, most often first. */
  passages: PassageCount[];
}

export interface GapsReport {
  days: number;
  /** The period's start (ISO 8601, UTC). */
  since: string;
  /** Groups in all (the page holds `groups`). */
  total: number;
  offset: number;
  groups: GapGroup[];
}

/** A record's group: its concept key, or its normalised text when it has no concept. */
const GROUP =
  "CASE WHEN a.concept_key IS NOT NULL AND a.concept_key <> '' THEN a.concept_key ELSE 'q:' || a.question_normalised END";
const VOTED_DOWN = "EXISTS (SELECT 1 FROM votes v WHERE v.answer_id = a.id AND v.vote IN ('down', 'wrong-statement'))";
const IN_PERIOD = "a.at >= @since AND a.question_normalised IS NOT NULL AND a.question_normalised <> ''";

export interface GapsOptions {
  days: number;
  now: number;
  offset?: number;
  limit?: number;
}

export function gapsReport(
  db: UsageDatabase,
  { days, now, offset = 0, limit = USAGE.gapsInText }: GapsOptions,
): GapsReport {
  const since = now - days * 86_400_000;
  const rows = db
    .prepare(
      `SELECT grp AS key,
              SUM(missed) AS count, COUNT(*) AS asked,
              SUM(grade = 'none') AS none, SUM(grade = 'partial') AS partial, SUM(down) AS votedDown,
              COUNT(DISTINCT CASE WHEN missed THEN normalised END) AS wordings,
              MAX(CASE WHEN missed THEN at END) AS lastAt
       FROM (SELECT ${GROUP} AS grp, a.grade, a.at, a.question_normalised AS normalised, ${VOTED_DOWN} AS down,
                    (a.grade IN ('none', 'partial') OR ${VOTED_DOWN}) AS missed
             FROM answers a WHERE ${IN_PERIOD})
       GROUP BY grp HAVING SUM(missed) > 0
       ORDER BY count DESC, lastAt DESC, key`,
    )
    .all({ since }) as Array<Omit<GapGroup, 'example' | 'passages' | 'lastAsked'> & { lastAt: number }>;

  const example = db.prepare(
    `SELECT a.question FROM answers a
     WHERE ${IN_PERIOD} AND ${GROUP} = @key AND (a.grade IN ('none', 'partial') OR ${VOTED_DOWN})
     ORDER BY a.at DESC, a.id DESC LIMIT 1`,
  );
  const passages = db.prepare(
    `SELECT p.article_id AS articleId, p.paragraph, COUNT(*) AS count
     FROM answer_passages p JOIN answers a ON a.id = p.answer_id
     WHERE ${IN_PERIOD} AND ${GROUP} = @key AND (a.grade IN ('none', 'partial') OR ${VOTED_DOWN})
     GROUP BY p.article_id, p.paragraph ORDER BY count DESC, MIN(p.rank), p.article_id, p.paragraph LIMIT @limit`,
  );
  const groups = rows.slice(offset, offset + limit).map(({ lastAt, ...row }) => ({
    ...row,
    example: (example.get({ since, key: row.key }) as { question: string }).question,
    lastAsked: new Date(lastAt).toISOString(),
    passages: passages.all({ since, key: row.key, limit: USAGE.passagesPerGap }) as PassageCount[],
  }));
  return { days, since: new Date(since).toISOString(), total: rows.length, offset, groups };
}
