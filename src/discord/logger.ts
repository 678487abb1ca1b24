/**
 * Structured logs through pino: one JSON object per line, e.g.
 * `{"level":"info","time":"…","event":"interaction","command":"ask","user":"…","latencyMs":3.1,"outcome":"ok"}`,
 * or, where a person reads them (a terminal, the playground), pino-pretty's coloured lines.
 * Secrets handed to the logger (the bot token) are replaced by `[redacted]` wherever they appear in a
 * line, by value and in any encoding (redact.ts), whatever field or error message carries them:
 * pino's own redaction works by path, which cannot catch a token inside an error message.
 */
import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import { redactor } from './redact.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

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
  /** Where each line goes (without its newline; a pretty entry may span lines). Default: `stream`. */
  write?: (line: string) => void;
  /** The stream written to without `write`: stdout (the bot) or stderr (the playground, the CLI). Default stdout. */
  stream?: 'stdout' | 'stderr';
  /** JSON lines, or pino-pretty's readable lines (coloured on a terminal). Default: pretty when `stream` is a terminal (never with `write`). */
  format?: LogFormat;
  /** Strings that must never be printed (the token). */
  secrets?: readonly string[];
  /** Fields on every line. */
  base?: LogFields;
}

/** Errors become `{ name, message, code?, stack? }` (the stack cut to 8 lines); everything else is left to pino. */
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

function withErrorsSerialised(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = serialise(value);
  return out;
}

function wrap(logger: PinoLogger): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (event: string, fields?: LogFields) => {
    if (!logger.isLevelEnabled(level)) return;
    logger[level](fields ? withErrorsSerialised(fields) : {}, event);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => wrap(logger.child(withErrorsSerialised(fields))),
  };
}

function destinationOf(options: LoggerOptions, format: LogFormat, terminal: boolean): DestinationStream {
  const { write } = options;
  const lines = write ? (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) : null;
  const fd = options.stream === 'stderr' ? 2 : 1;
  if (format === 'pretty') {
    const destination = lines
      ? new Writable({ write: (chunk: Buffer, _encoding, done) => (lines(chunk.toString()), done()) })
      : fd;
    return prettyStream({
      destination,
      sync: true,
      colorize: !lines && terminal,
      messageKey: 'event',
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
  }
  if (lines) return { write: lines };
  return pino.destination({ dest: fd, sync: true });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const terminal = (options.stream === 'stderr' ? process.stderr : process.stdout).isTTY === true;
  const format = options.format ?? (options.write || !terminal ? 'json' : 'pretty');
  const redact = redactor(options.secrets ?? []);
  const logger = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'event',
      base: options.base ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redact },
    },
    destinationOf(options, format, terminal),
  );
  return wrap(logger);
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => undefined });
