/**
 * The bot's metrics, in prom-client: interactions by command and outcome, their latency, answers by
 * grade, votes, corpus reloads and their duration, errors by kind, the gateway's state; served with the
 * default process metrics on `/metrics` (metricsServer.ts). Each bot has its own registry, so several
 * bots in one process (the tests) never mix their counts; the process metrics are collected once.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type Outcome =
  | 'ok'
  | 'invalid'
  | 'cooldown'
  | 'error'
  | 'unknown'
  | 'expired'
  | 'foreign'
  /** Not allowed (a /corpus command from someone who is not a moderator). */
  | 'denied'
  /** Refused by the moderation service (bad input, a corpus that would not load); nothing changed. */
  | 'refused';

/** What went wrong, for `statement_desk_errors_total{kind}`. */
export type ErrorKind =
  | 'interaction'
  | 'autocomplete'
  | 'router'
  | 'client'
  | 'gateway'
  | 'database'
  | 'database-locked'
  | 'unhandled'
  | 'http'
  | 'http-signature'
  | 'http-body-too-large'
  | 'http-deadline'
  | 'corpus-watch';

const PREFIX = 'statement_desk_';

let processRegistry: Registry | null = null;

/** The process metrics (CPU, memory, event loop lag, GC, handles), collected once per process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #interactions = new Counter({
    name: `${PREFIX}interactions_total`,
    help: 'Interactions handled, by command (or handler) and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #latency = new Histogram({
    name: `${PREFIX}interaction_duration_seconds`,
    help: 'Time from an interaction reaching the bot to its handling done (the reply sent), by command',
    labelNames: ['command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #answers = new Counter({
    name: `${PREFIX}answers_total`,
    help: 'Answers sent, by command and grade (answered, partial, none)',
    labelNames: ['command', 'grade'] as const,
    registers: [this.registry],
  });
  readonly #votes = new Counter({
    name: `${PREFIX}votes_total`,
    help: 'Feedback votes recorded (a changed vote counts again), by vote',
    labelNames: ['vote'] as const,
    registers: [this.registry],
  });
  readonly #reloads = new Counter({
    name: `${PREFIX}reloads_total`,
    help: 'Corpus reloads (after every change, and /corpus reload), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly #reloadDuration = new Histogram({
    name: `${PREFIX}reload_duration_seconds`,
    help: 'How long a corpus reload took (read, validate, index)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #errors = new Counter({
    name: `${PREFIX}errors_total`,
    help: 'Errors, by kind: a handler that threw, the client, the gateway, the question log database',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #gateway = new Gauge({
    name: `${PREFIX}gateway_connected`,
    help: 'Whether the gateway connection of a shard is up (1) or down (0)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Zero series for what may never happen, so a dashboard sees 0 rather than nothing.
    for (const kind of ['interaction', 'client', 'gateway', 'database'] as const) this.#errors.inc({ kind }, 0);
    for (const outcome of ['ok', 'failed'] as const) this.#reloads.inc({ outcome }, 0);
  }

  /** One interaction handled. */
  record(command: string, outcome: Outcome, latencyMs: number): void {
    this.#interactions.inc({ command, outcome });
    this.#latency.observe({ command }, latencyMs / 1000);
  }

  answered(command: string, grade: string): void {
    this.#answers.inc({ command, grade });
  }

  voted(vote: string): void {
    this.#votes.inc({ vote });
  }

  reloaded(ok: boolean, ms: number): void {
    this.#reloads.inc({ outcome: ok ? 'ok' : 'failed' });
    this.#reloadDuration.observe(ms / 1000);
  }

  error(kind: ErrorKind): void {
    this.#errors.inc({ kind });
  }

  gateway(shard: number, connected: boolean): void {
    this.#gateway.set({ shard: String(shard) }, connected ? 1 : 0);
  }

  /** The Prometheus text of this bot's metrics and the process's. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /** Interactions so far, by command and outcome (for the log line when the bot stops). */
  async interactionCounts(): Promise<Record<string, Record<string, number>>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const { labels, value } of (await this.#interactions.get()).values) {
      const command = String(labels.command);
      (counts[command] ??= {})[String(labels.outcome)] = value;
    }
    return counts;
  }
}
