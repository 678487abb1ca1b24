/**
 * Per-user cooldown: at most `uses` answers per user in any `perMs` window (a sliding window), so one
 * person cannot flood a channel. State is in memory; a restart forgets it, which is harmless.
 */
export interface CooldownOptions {
  uses: number;
  perMs: number;
  now?: () => number;
}

export type CooldownResult = { ok: true } | { ok: false; retryAfterMs: number };

export class Cooldown {
  readonly #uses: number;
  readonly #perMs: number;
  readonly #now: () => number;
  readonly #hits = new Map<string, number[]>();

  constructor({ uses, perMs, now = Date.now }: CooldownOptions) {
    this.#uses = uses;
    this.#perMs = perMs;
    this.#now = now;
  }

  /** Counts one use by `key` if it is allowed; otherwise says how long until the next one is. */
  take(key: string): CooldownResult {
    const now = this.#now();
    const since = now - this.#perMs;
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.#uses) {
      this.#hits.set(key, recent);
      return { ok: false, retryAfterMs: recent[0]! + this.#perMs - now };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) this.#prune(since);
    return { ok: true };
  }

  #prune(since: number): void {
    for (const [key, times] of this.#hits) if (!times.some((t) => t > since)) this.#hits.delete(key);
  }
}

/** No limit at all (benchmarks). */
export const noCooldown = { take: (): CooldownResult => ({ ok: true }) };
export type CooldownLike = Pick<Cooldown, 'take'>;
