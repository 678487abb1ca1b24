/**
 * The question log's SQLite database (better-sqlite3): one file in DATA_DIR, in WAL mode so the
 * terminal's `corpus gaps` and `corpus stats` read while the bot writes, migrated at start-up.
 *
 * The bot's connection never waits for a lock (busy timeout 0): a database another process holds is
 * reported at once and the write retried later. Nor does it wait for the disk: commits do not fsync
 * in WAL mode with synchronous = NORMAL, and the checkpoints, which do, run in a worker thread.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { USAGE } from '../config/constants.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

export type UsageDatabase = Database.Database;
export type Statement = Database.Statement<unknown[], unknown>;

export function databasePath(dataDir: string): string {
  return join(dataDir, USAGE.databaseFile);
}

/** A database this version cannot use: from a newer version of the bot, or not ours. */
export class SchemaError extends Error {
  override name = 'SchemaError';
}

/** The bot's read-write connection: creates DATA_DIR and the file, sets WAL, runs the migrations. */
export function openWritable(dataDir: string, onMigrated: (m: Migration) => void = () => undefined): UsageDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(databasePath(dataDir), { timeout: 0 });
  try {
    // Before the first table: lets a purge give space back (PRAGMA incremental_vacuum).
    db.pragma('auto_vacuum = INCREMENTAL');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`the database did not switch to WAL mode (it is in ${String(mode)} mode)`);
    // WAL with NORMAL: a commit does not wait for fsync; a power cut may lose the last answers, never the file.
    db.pragma('synchronous = NORMAL');
    // Checkpoints (which do wait for the disk) run in a worker thread instead: walCheckpoints.ts.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('foreign_keys = ON');
    migrate(db, onMigrated);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A read-only connection for the terminal's reports; null when no database exists yet. */
export function openReadOnly(dataDir: string): UsageDatabase | null {
  let db: UsageDatabase;
  try {
    db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true, timeout: 2000 });
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') return null;
    throw error;
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      db.close();
      return null;
    }
    checkVersion(version);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkVersion(version: number): void {
  if (version > SCHEMA_VERSION) {
    throw new SchemaError(
      `the database is at schema version ${version}, newer than this version of the bot knows (${SCHEMA_VERSION}); update the bot or move the file aside`,
    );
  }
}

function migrate(db: UsageDatabase, onMigrated: (m: Migration) => void): void {
  const run = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    checkVersion(version);
    const applied: Migration[] = [];
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m);
    }
    return applied;
  });
  for (const m of run.immediate()) onMigrated(m);
}
