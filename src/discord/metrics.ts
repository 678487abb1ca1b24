/** Counts of interactions per command and outcome, and their latencies, for logs and tests. */
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

export interface CommandMetrics {
  count: number;
  outcomes: Partial<Record<Outcome, number>>;
  totalLatencyMs: number;
}

export class Metrics {
  readonly #byCommand = new Map<string, CommandMetrics>();

  record(command: string, outcome: Outcome, latencyMs: number): void {
    const m = this.#byCommand.get(command) ?? { count: 0, outcomes: {}, totalLatencyMs: 0 };
    m.count += 1;
    m.outcomes[outcome] = (m.outcomes[outcome] ?? 0) + 1;
    m.totalLatencyMs += latencyMs;
    this.#byCommand.set(command, m);
  }

  /** A copy of the counters, by command name. */
  snapshot(): Record<string, CommandMetrics> {
    return Object.fromEntries([...this.#byCommand].map(([k, v]) => [k, { ...v, outcomes: { ...v.outcomes } }]));
  }
}
