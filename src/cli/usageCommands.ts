/**
 * `corpus gaps` and `corpus stats` at the terminal: the moderators' reports, read from the question
 * log's database in DATA_DIR (default ./var), opened read-only, so they run while the bot writes.
 * Exit 0 (also when nothing is recorded yet), 1 the database cannot be read, 2 bad usage.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { USAGE } from '../config/constants.js';
import { renderGapsText, renderStatsText } from '../render/usageText.js';
import type { UsageDatabase } from '../usage/database.js';
import { EXIT, UsageError, isUsageError, reportUsage } from './shared.js';

const REPORTS = ['gaps', 'stats'] as const;
type ReportName = (typeof REPORTS)[number];

const OPTIONS = {
  json: { type: 'boolean', default: false },
  days: { type: 'string' },
} as const;

/** Whether argv asks for a report (`corpus gaps …`, `corpus stats …`). */
export function isUsageReport(argv: string[]): boolean {
  if (argv.includes('--help') || argv.includes('-h')) return false;
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: OPTIONS });
  return positionals[0] === 'corpus' && (REPORTS as readonly string[]).includes(positionals[1] ?? '');
}

/** The question log's folder: DATA_DIR, else ./var. */
export function dataDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR || 'var');
}

function daysOf(value: string | undefined): number {
  if (value === undefined) return USAGE.defaultReportDays;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > USAGE.maxReportDays)
    throw new UsageError(`--days takes a whole number of days from 1 to ${USAGE.maxReportDays}`);
  return days;
}

export async function runUsageReport(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
    const report = positionals[1] as ReportName;
    if (positionals.length > 2) throw new UsageError(`corpus ${report} takes no text (only --days N and --json)`);
    const days = daysOf(values.days);
    const dataDir = dataDirOf();
    // Loaded only here: the native SQLite module is not needed by the other commands.
    const [{ databasePath, openReadOnly }, { gapsReport }, { statsReport }] = await Promise.all([
      import('../usage/database.js'),
      import('../usage/gapsReport.js'),
      import('../usage/statsReport.js'),
    ]);
    let db: UsageDatabase | null;
    try {
      db = openReadOnly(dataDir);
    } catch (error) {
      process.stderr.write(
        `cannot read the question log ${databasePath(dataDir)}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT.refused;
    }
    const now = Date.now();
    try {
      const database = db ? databasePath(dataDir) : null;
      if (report === 'gaps') {
        const result = db
          ? gapsReport(db, { days, now, limit: values.json ? Number.MAX_SAFE_INTEGER : USAGE.gapsInText })
          : { days, since: new Date(now - days * 86_400_000).toISOString(), total: 0, offset: 0, groups: [] };
        process.stdout.write(`${values.json ? JSON.stringify({ database, ...result }) : renderGapsText(result)}\n`);
      } else {
        const result = db
          ? statsReport(db, { days, now })
          : {
              days,
              since: new Date(now - days * 86_400_000).toISOString(),
              answers: 0,
              perDay: [],
              grades: { answered: 0, partial: 0, none: 0 },
              votes: { up: 0, down: 0, wrongStatement: 0 },
              mostCited: [],
              commands: [],
            };
        process.stdout.write(`${values.json ? JSON.stringify({ database, ...result }) : renderStatsText(result)}\n`);
      }
      if (!db && !values.json)
        process.stderr.write(`no answers recorded yet: there is no question log in ${dataDir} (DATA_DIR)\n`);
      return EXIT.ok;
    } catch (error) {
      process.stderr.write(
        `cannot read the question log ${databasePath(dataDir)}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT.refused;
    } finally {
      db?.close();
    }
  } catch (error) {
    if (isUsageError(error)) return reportUsage(error);
    throw error;
  }
}
