/**
 * The bot's configuration, read from the environment (and `.env`, loaded by the entry points) and
 * validated with zod. A problem stops start-up with one line that names the variable; no value is ever
 * echoed, so the token cannot leak through an error message.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LISTEN, USAGE } from '../config/constants.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './logger.js';

export interface BotConfig {
  token: string;
  clientId: string;
  guildId: string | null;
  /** A Discord-compatible API root without `/v10` (the emulator, the playground); null means Discord's own. */
  apiBase: string | null;
  corpusDir: string;
  logLevel: LogLevel;
  /** LOG_FORMAT: JSON lines or readable lines; unset: readable when the log goes to a terminal. */
  logFormat?: LogFormat | null;
  /** Members with this role may use /corpus, besides those with Manage Server. */
  modRoleId?: string | null;
  /** Where the bot posts a line for every corpus change; null: the JSON log line only. */
  modLogChannelId?: string | null;
  /** CORPUS_FETCH_ALLOW_PRIVATE=true: /corpus add may fetch from private and loopback addresses (tests). */
  fetchAllowPrivate?: boolean;
  /** DATA_DIR: the folder of the question log's database; null or absent: no question log. */
  dataDir?: string | null;
  /** INDEX_SNAPSHOT=off: keep no index snapshot in DATA_DIR (default on: a restart with an unchanged corpus reads it instead of building). */
  indexSnapshot?: boolean;
  /** QUESTION_LOG=off: store nothing (default on). */
  questionLog?: boolean;
  /** RETENTION_DAYS: answer records older than this are purged (default 90). */
  retentionDays?: number;
  /** METRICS_PORT: serve Prometheus metrics on this port (0: any free port); null: no metrics endpoint. */
  metricsPort?: number | null;
  /** METRICS_HOST: the address the metrics endpoint binds to (default 127.0.0.1). */
  metricsHost?: string;
  /** BUTTON_SIGNING_KEY: signs button state (a removal's Confirm); unset, a random key per process. */
  buttonSigningKey?: string | null;
  /** DISCORD_READY_TIMEOUT_MS: how long start-up waits for the gateway before it gives up. Default 30 s. */
  readyTimeoutMs?: number;
  /** INTERACTIONS: `gateway` (default, a WebSocket to Discord) or `http` (Discord POSTs to our endpoint). */
  interactions?: InteractionsMode;
  /** PORT and HOST of the HTTP interactions endpoint (default 8080 on 0.0.0.0). */
  port?: number;
  host?: string;
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key (hex), which signs every HTTP interaction. */
  publicKey?: string | null;
  /** SHARDS: `auto` (Discord's recommendation) or a number of gateway shards, run as processes; null: one, in this process. */
  shards?: 'auto' | number | null;
}

export const INTERACTIONS_MODES = ['gateway', 'http'] as const;
export type InteractionsMode = (typeof INTERACTIONS_MODES)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/** An unset or blank variable counts as missing (a `.env` line `DISCORD_GUILD_ID=` means "not set"). */
const blankToUndefined = (v: unknown) =>
  typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v;

const tcpPort = z
  .string()
  .regex(/^\d{1,5}$/)
  .refine((v) => Number(v) <= 65535);
/** A host name or address to bind to (ipaddr.js checks addresses where they are dialled, not here). */
const listenAddress = z.string().regex(/^[\w.:-]+$/);
const snowflake = z.string().regex(/^\d{17,20}$/);

// A bot token is three base64url parts joined by dots (the Developer Portal's "Bot" page, "Reset Token").
const token = z.string().regex(/^[\w-]{10,}\.[\w-]{4,}\.[\w-]{10,}$/);

const apiBase = z.string().refine((u) => {
  try {
    return /^https?:$/.test(new URL(u).protocol) && !/\/v\d+\/?$/.test(u);
  } catch {
    return false;
  }
});

interface VariableRule {
  name: string;
  schema: z.ZodType;
  required: boolean;
  /** What a well-formed value looks like, for the error line. */
  expected: string;
}

const RULES: VariableRule[] = [
  {
    name: 'DISCORD_TOKEN',
    schema: token,
    required: true,
    expected:
      'the bot token from the Developer Portal (Bot → Reset Token), three parts joined by dots, without a "Bot " prefix',
  },
  {
    name: 'DISCORD_CLIENT_ID',
    schema: snowflake,
    required: true,
    expected: 'the application id, 17–20 digits (Developer Portal → General Information)',
  },
  {
    name: 'DISCORD_GUILD_ID',
    schema: snowflake,
    required: false,
    expected: 'a server id, 17–20 digits (right-click the server → Copy Server ID)',
  },
  {
    name: 'DISCORD_API_BASE',
    schema: apiBase,
    required: false,
    expected: 'an http(s) URL of the API root without /v10, e.g. http://127.0.0.1:8080/api',
  },
  {
    name: 'CORPUS_DIR',
    schema: z.string().min(1),
    required: false,
    expected: 'a folder holding statements.yaml and articles/',
  },
  { name: 'LOG_LEVEL', schema: z.enum(LOG_LEVELS), required: false, expected: `one of ${LOG_LEVELS.join(', ')}` },
  { name: 'LOG_FORMAT', schema: z.enum(LOG_FORMATS), required: false, expected: `one of ${LOG_FORMATS.join(', ')}` },
  {
    name: 'MOD_ROLE_ID',
    schema: snowflake,
    required: false,
    expected: 'a role id, 17–20 digits (Server Settings → Roles → right-click the role → Copy Role ID)',
  },
  {
    name: 'MOD_LOG_CHANNEL_ID',
    schema: snowflake,
    required: false,
    expected: 'a channel id, 17–20 digits (right-click the channel → Copy Channel ID)',
  },
  {
    name: 'DATA_DIR',
    schema: z.string().min(1),
    required: false,
    expected: 'a folder the bot may write its database to (created if missing)',
  },
  { name: 'QUESTION_LOG', schema: z.enum(['on', 'off']), required: false, expected: 'on or off' },
  { name: 'INDEX_SNAPSHOT', schema: z.enum(['on', 'off']), required: false, expected: 'on or off' },
  {
    name: 'RETENTION_DAYS',
    schema: z
      .string()
      .regex(/^\d+$/)
      .refine((v) => Number(v) >= 1 && Number(v) <= USAGE.maxRetentionDays),
    required: false,
    expected: `a whole number of days from 1 to ${USAGE.maxRetentionDays}`,
  },
  {
    name: 'METRICS_PORT',
    schema: tcpPort,
    required: false,
    expected: 'a TCP port, 0–65535 (0: any free port)',
  },
  {
    name: 'METRICS_HOST',
    schema: listenAddress,
    required: false,
    expected: 'an address to bind the metrics endpoint to, e.g. 127.0.0.1 (the default) or 0.0.0.0',
  },
  { name: 'CORPUS_FETCH_ALLOW_PRIVATE', schema: z.enum(['true', 'false']), required: false, expected: 'true or false' },
  {
    name: 'BUTTON_SIGNING_KEY',
    schema: z.string().min(32),
    required: false,
    expected: 'a secret of at least 32 characters (e.g. `openssl rand -base64 32`)',
  },
  {
    name: 'INTERACTIONS',
    schema: z.enum(INTERACTIONS_MODES),
    required: false,
    expected: 'gateway (the default) or http',
  },
  {
    name: 'PORT',
    schema: tcpPort,
    required: false,
    expected: 'a TCP port for the interactions endpoint, 0–65535 (default 8080)',
  },
  {
    name: 'HOST',
    schema: listenAddress,
    required: false,
    expected: 'an address to bind the interactions endpoint to (default 0.0.0.0)',
  },
  {
    name: 'DISCORD_PUBLIC_KEY',
    schema: z.string().regex(/^[0-9a-fA-F]{64}$/),
    required: false,
    expected: "the application's public key, 64 hex characters (Developer Portal → General Information → Public Key)",
  },
  {
    name: 'SHARDS',
    schema: z.union([
      z.literal('auto'),
      z
        .string()
        .regex(/^\d{1,4}$/)
        .refine((v) => Number(v) >= 1),
    ]),
    required: false,
    expected: 'auto or a number of shards, 1 or more',
  },
  {
    name: 'DISCORD_READY_TIMEOUT_MS',
    schema: z.coerce.number().int().min(1000).max(600_000),
    required: false,
    expected: 'milliseconds, 1000 to 600000 (default 30000)',
  },
];

/** Which variables a caller needs: the bot needs everything, the deploy script no corpus. */
export type ConfigPurpose = 'bot' | 'deploy';

/**
 * Validates the environment. Throws a ConfigError whose message is one line naming each bad variable,
 * e.g. `DISCORD_TOKEN is missing` or `DISCORD_CLIENT_ID is malformed (expected …)`.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  purpose: ConfigPurpose = 'bot',
  cwd = process.cwd(),
): BotConfig {
  const problems: string[] = [];
  const values = new Map<string, string | undefined>();
  for (const rule of RULES) {
    // Inside a shard, discord.js's ShardingManager sets SHARDS to this shard's id: not ours to read.
    if (rule.name === 'SHARDS' && env.SHARDING_MANAGER === 'true') continue;
    const raw = blankToUndefined(env[rule.name]) as string | undefined;
    if (raw === undefined) {
      if (rule.required) problems.push(`${rule.name} is missing: set it to ${rule.expected}`);
      values.set(rule.name, undefined);
      continue;
    }
    if (!rule.schema.safeParse(raw).success) {
      problems.push(`${rule.name} is malformed: expected ${rule.expected}`);
      continue;
    }
    values.set(rule.name, raw);
  }

  const corpusDir = resolve(cwd, values.get('CORPUS_DIR') ?? 'corpus');
  if (
    purpose === 'bot' &&
    !problems.some((p) => p.startsWith('CORPUS_DIR')) &&
    !(existsSync(corpusDir) && statSync(corpusDir).isDirectory())
  ) {
    problems.push(
      `CORPUS_DIR is not a folder: expected ${RULES.find((r) => r.name === 'CORPUS_DIR')!.expected}${env.CORPUS_DIR ? '' : ' (default ./corpus)'}`,
    );
  }
  const mode = (values.get('INTERACTIONS') as InteractionsMode | undefined) ?? 'gateway';
  if (
    purpose === 'bot' &&
    mode === 'http' &&
    !problems.some((p) => p.startsWith('DISCORD_PUBLIC_KEY')) &&
    values.get('DISCORD_PUBLIC_KEY') === undefined
  ) {
    problems.push(
      `DISCORD_PUBLIC_KEY is missing: INTERACTIONS=http needs ${RULES.find((r) => r.name === 'DISCORD_PUBLIC_KEY')!.expected}`,
    );
  }
  if (mode === 'http' && values.get('SHARDS') !== undefined)
    problems.push(
      'SHARDS is set with INTERACTIONS=http: shards are for the gateway; run HTTP replicas behind a load balancer instead',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const shards = values.get('SHARDS');

  return {
    token: values.get('DISCORD_TOKEN')!,
    clientId: values.get('DISCORD_CLIENT_ID')!,
    guildId: values.get('DISCORD_GUILD_ID') ?? null,
    apiBase: values.get('DISCORD_API_BASE')?.replace(/\/+$/, '') ?? null,
    corpusDir,
    logLevel: (values.get('LOG_LEVEL') as LogLevel | undefined) ?? 'info',
    logFormat: (values.get('LOG_FORMAT') as LogFormat | undefined) ?? null,
    modRoleId: values.get('MOD_ROLE_ID') ?? null,
    modLogChannelId: values.get('MOD_LOG_CHANNEL_ID') ?? null,
    fetchAllowPrivate: values.get('CORPUS_FETCH_ALLOW_PRIVATE') === 'true',
    buttonSigningKey: values.get('BUTTON_SIGNING_KEY') ?? null,
    dataDir: resolve(cwd, values.get('DATA_DIR') ?? 'var'),
    questionLog: values.get('QUESTION_LOG') !== 'off',
    indexSnapshot: values.get('INDEX_SNAPSHOT') !== 'off',
    retentionDays: Number(values.get('RETENTION_DAYS') ?? USAGE.defaultRetentionDays),
    metricsPort: values.get('METRICS_PORT') !== undefined ? Number(values.get('METRICS_PORT')) : null,
    metricsHost: values.get('METRICS_HOST') ?? LISTEN.metricsHost,
    interactions: mode,
    port: Number(values.get('PORT') ?? LISTEN.interactionsPort),
    host: values.get('HOST') ?? LISTEN.interactionsHost,
    publicKey: values.get('DISCORD_PUBLIC_KEY')?.toLowerCase() ?? null,
    shards: shards === undefined ? null : shards === 'auto' ? 'auto' : Number(shards),
    ...(values.get('DISCORD_READY_TIMEOUT_MS')
      ? { readyTimeoutMs: Number(values.get('DISCORD_READY_TIMEOUT_MS')) }
      : {}),
  };
}

/** Reads `.env` from the working directory into process.env (never overriding what is already set), quietly. */
export async function loadDotenv(): Promise<void> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
}
