/**
 * The metrics endpoint (METRICS_PORT, bound to 127.0.0.1), scraped over HTTP while the real bot
 * answers on the emulator: its counters move with the interactions, the answers' grades, the votes,
 * reloads and errors; the gateway's state and the process metrics are there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { actors } from '../emulator/index.js';
import { dataDirForSuite } from '../helpers/dataDir.js';
import { interactionLog, newUser, startHarness, type Harness } from './harness.js';

let h: Harness;
let removeDataDir: () => Promise<void>;

beforeAll(async () => {
  const data = await dataDirForSuite();
  removeDataDir = data.remove;
  h = await startHarness({ cooldown: false, config: { dataDir: data.dir, metricsPort: 0 } });
});
afterAll(async () => {
  h.emu.assertNoViolations();
  await h?.close();
  await removeDataDir?.();
});

/** The samples of a scrape, by series (`name{label="value",…}`) as the exposition writes them. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(h.bot.metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const value = (samples: Map<string, number>, series: string) => samples.get(series) ?? 0;

async function done<T extends { id: string }>(d: T & { reply(): Promise<APIMessage> }): Promise<APIMessage> {
  const reply = await d.reply();
  await interactionLog(h, d.id);
  return reply;
}

describe('GET /metrics', () => {
  it('listens on 127.0.0.1 only by default, and serves nothing but /metrics', async () => {
    expect(h.bot.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const other = await fetch(h.bot.metricsUrl!.replace(/\/metrics$/, '/'));
    expect(other.status).toBe(404);
    const post = await fetch(h.bot.metricsUrl!, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('the counters move with the interactions: by command and outcome, latency, answers by grade, votes', async () => {
    const before = await scrape();
    const user = newUser();
    const answered = await done(
      h.emu.slashCommand('ask', { question: 'how many troops did North Korea send to Russia?' }, user),
    );
    await done(h.emu.slashCommand('ask', { question: 'what is the price of tea in china' }, user));
    await done(h.emu.slashCommand('who-signed', { statement: 'December' }, user));
    const up = /fb:v1:[\w-]{12}:up/.exec(JSON.stringify(answered.components))![0];
    await done(h.emu.clickButton(answered, up, user));
    const after = await scrape();

    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('statement_desk_interactions_total{command="ask",outcome="ok"}')).toBe(2);
    expect(moved('statement_desk_interactions_total{command="who-signed",outcome="ok"}')).toBe(1);
    expect(moved('statement_desk_interactions_total{command="feedback",outcome="ok"}')).toBe(1);
    expect(moved('statement_desk_interaction_duration_seconds_count{command="ask"}')).toBe(2);
    expect(value(after, 'statement_desk_interaction_duration_seconds_sum{command="ask"}')).toBeGreaterThan(0);
    expect(moved('statement_desk_interaction_duration_seconds_bucket{le="+Inf",command="ask"}')).toBe(2);
    expect(moved('statement_desk_answers_total{command="ask",grade="answered"}')).toBe(1);
    expect(moved('statement_desk_answers_total{command="ask",grade="none"}')).toBe(1);
    expect(moved('statement_desk_answers_total{command="who-signed",grade="answered"}')).toBe(1);
    expect(moved('statement_desk_votes_total{vote="up"}')).toBe(1);
  });

  it('reloads and their duration, errors by kind, a refused member, the gateway state, the process metrics', async () => {
    const before = await scrape();
    await done(h.emu.slashCommand('corpus reload', {}, actors.moderator));
    await done(h.emu.slashCommand('corpus status', {}, actors.member));
    const after = await scrape();
    const moved = (series: string) => value(after, series) - value(before, series);
    expect(moved('statement_desk_reloads_total{outcome="ok"}')).toBe(1);
    expect(moved('statement_desk_reload_duration_seconds_count')).toBe(1);
    expect(value(after, 'statement_desk_reloads_total{outcome="failed"}')).toBe(0);
    expect(moved('statement_desk_interactions_total{command="corpus",outcome="denied"}')).toBe(1);
    expect(after.has('statement_desk_errors_total{kind="database"}')).toBe(true);
    expect(value(after, 'statement_desk_errors_total{kind="interaction"}')).toBe(0);
    expect(value(after, 'statement_desk_gateway_connected{shard="0"}')).toBe(1);
    expect(after.has('process_cpu_user_seconds_total')).toBe(true);
    expect(after.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('a dropped gateway connection shows as down, then up again once resumed', async () => {
    await h.emu.dropConnection();
    await h.emu.waitForReconnect();
    await h.waitForLog((l) => l.event === 'gateway-resumed');
    expect(value(await scrape(), 'statement_desk_gateway_connected{shard="0"}')).toBe(1);
    expect(h.logs.some((l) => l.event === 'gateway-reconnecting' || l.event === 'gateway-disconnected')).toBe(true);
  });
});
