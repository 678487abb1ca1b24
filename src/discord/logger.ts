/**
 * Structured logs: one JSON object per line on stdout, e.g.
 * `{"time":"…","level":"info","event":"interaction","command":"ask","user":"…","guild":"…","latencyMs":3.1,"outcome":"ok"}`.
 * Secrets handed to the logger (the bot token) are replaced by `[redacted]` wherever they appear,
 * in any encoding (see redact.ts).
 */

import { redactor } from './redact.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where each line goes (without its newline). Default: stdout. */
  write?: (line: string) => void;
  /** Strings that must never be printed (the token). */
  secrets?: readonly string[];
  /** Fields on every line. */
  base?: LogFields;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Errors become `{ name, message, code?, stack? }`; everything else is passed through JSON.stringify. */
function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: value.message,
      ...(code !== undefined ? { code } : {}),
      ...(value.stack ? { stack: value.stack.split('\n').slice(0, 8).join('\n') } : {}),
    };
  }
  return value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const redactSecrets = redactor(options.secrets ?? []);
  const base = options.base ?? {};

  const emit = (level: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    const entry: LogFields = { time: new Date().toISOString(), level, event, ...base };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) entry[key] = serialise(value);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level, event, note: 'fields could not be serialised' });
    }
    line = redactSecrets(line);
    write(line);
  };

  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
