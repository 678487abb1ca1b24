/**
 * The question log's schema, one migration per version. `PRAGMA user_version` holds the version a
 * database is at; at start-up every later migration runs, in order, in one transaction. Never edit a
 * migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  /** What it changes, for the log line when it runs. */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'answers, the passages they cited, and votes',
    sql: `
      -- One row per answer the bot sent. People are a keyed hash of their Discord id, nothing else.
      CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,          -- in the answer's feedback buttons
        at INTEGER NOT NULL,                     -- when it was sent, ms since 1970 (UTC)
        command TEXT NOT NULL,                   -- ask, who-signed, …, find-sources
        surface TEXT NOT NULL,                   -- slash, context-menu, pick
        user_hash TEXT NOT NULL,
        question TEXT,                           -- as asked (null: a command without text)
        question_normalised TEXT,
        concept_key TEXT,                        -- the bot's own key concepts of it: rewordings share it
        grade TEXT NOT NULL CHECK (grade IN ('answered', 'partial', 'none')),
        statement_id TEXT,                       -- the statement the answer resolved, if any
        latency_ms REAL NOT NULL,
        deferred INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX answers_at ON answers (at);
      CREATE INDEX answers_concept ON answers (concept_key, at);

      CREATE TABLE answer_passages (
        answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,                   -- the citation number shown, [1] first
        article_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL,
        PRIMARY KEY (answer_id, rank)
      ) WITHOUT ROWID;
      CREATE INDEX answer_passages_passage ON answer_passages (article_id, paragraph);

      -- One vote per person per answer; a new vote replaces the old.
      CREATE TABLE votes (
        answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        user_hash TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down', 'wrong-statement')),
        at INTEGER NOT NULL,
        PRIMARY KEY (answer_id, user_hash)
      ) WITHOUT ROWID;
      CREATE INDEX votes_at ON votes (at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
