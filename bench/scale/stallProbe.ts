import { setTimeout as sleep } from 'node:timers/promises';

/** The probe's timer period: the resolution of the stall figure. */
const PROBE_MS = 1;

export interface StallDuring {
  /** Longest time the event loop could not run the probe's timer, less the asks' own time. */
  stallMs: number;
  /** How long the task took, start to finish. */
  taskMs: number;
  /** Asks answered while the task ran. */
  asks: number;
}

/**
 * Asks take at most this share of the thread while a task runs: after each ask comes a pause of
 * (1 / share - 1) times its duration (at least MIN_PAUSE_MS), so a slow system's asks do not starve
 * its own reload, and every system is asked at the same duty.
 */
const ASK_SHARE = 0.2;
const MIN_PAUSE_MS = 5;

/**
 * Runs `task` while questions keep being asked (one, then a pause, and so on) and a 1 ms timer
 * watches the event loop. The time spent inside the asks is taken out of each gap the timer sees:
 * that is the asks' own cost (ask p50/p99), and what remains is what the task blocked.
 */
export async function longestStallDuring(task: () => Promise<unknown>, ask: (n: number) => void): Promise<StallDuring> {
  let last = performance.now();
  let askMsSinceTick = 0;
  let stallMs = 0;
  const tick = () => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - askMsSinceTick - PROBE_MS);
    last = now;
    askMsSinceTick = 0;
  };
  const probe = setInterval(tick, PROBE_MS);

  let done = false;
  let asks = 0;
  const asking = (async () => {
    while (!done) {
      const started = performance.now();
      ask(asks++);
      const askMs = performance.now() - started;
      askMsSinceTick += askMs;
      await sleep(Math.max(MIN_PAUSE_MS, askMs * (1 / ASK_SHARE - 1)));
    }
  })();

  const started = performance.now();
  let taskMs = 0;
  try {
    await task();
  } finally {
    taskMs = performance.now() - started;
    tick();
    done = true;
    clearInterval(probe);
    await asking;
  }
  return { stallMs: Math.max(0, stallMs), taskMs, asks };
}
