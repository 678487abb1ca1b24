/**
 * HTTP interactions mode at scale: two replicas, each its own process of the real entry point
 * (`INTERACTIONS=http node dist/index.js`), on one copy of the corpus, behind the emulator, which signs each interaction and POSTs it to them in turn (a load balancer). A burst of
 * 200 interactions sent at once (asks, autocomplete, help), timed from the POST to the callback the
 * emulator takes from the HTTP response. Then how long a corpus change (an article added, then
 * removed, written as the CLI writes it) takes to be served by every replica: from the write's return
 * (the generation stamp is on disk) to each replica answering /ask with it (or without it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trashArticle, writeNewArticle } from '../src/corpus/writeCorpus.js';
import { deployCommands } from '../src/discord/deployCommands.js';
import { emulatorBotConfig } from '../test/discord/emulatorBotConfig.js';
import type { APIMessage } from 'discord-api-types/v10';
import { DiscordEmulator, type DispatchedInteraction } from '../test/emulator/index.js';
import { percentile } from './percentile.js';

export const name = 'HTTP interactions: a burst of 200 over two replicas; a corpus change reaching every replica';

const BURST = 200;
const CHANGES = 6;
const QUESTIONS = [
  'who signed the December statement?',
  'North Korea and Russia military cooperation',
  'reckless provocation',
  'Kursk region',
  'arms transfers ballistic missiles',
];

function summary(label: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${label}: n=${sorted.length}, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
}

/** A replica: `npm start` in HTTP mode, as its own process, ready once /readyz says so. */
async function startReplica(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/index.js'], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('a replica did not become ready within 60 s');
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

function citesArticle(message: APIMessage, title: string): boolean {
  return (message.embeds[0]?.fields ?? []).some(
    (f) => f.name.includes(title) || f.value.includes(title) || f.value.includes('Bench Wire'),
  );
}

export default async function run(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'statement-desk-bench-replicas-'));
  await cp(resolve('corpus'), dir, { recursive: true });
  const emu = await DiscordEmulator.start({ timeoutMs: 30_000 });
  const config = emulatorBotConfig(emu, { logLevel: 'error', corpusDir: dir });
  await deployCommands(config);
  const env = {
    DISCORD_TOKEN: config.token,
    DISCORD_CLIENT_ID: config.clientId,
    DISCORD_GUILD_ID: config.guildId!,
    DISCORD_API_BASE: config.apiBase!,
    CORPUS_DIR: dir,
    INTERACTIONS: 'http',
    HOST: '127.0.0.1',
    DISCORD_PUBLIC_KEY: emu.interactionsPublicKey,
    QUESTION_LOG: 'off',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
  };
  const replicas = [await startReplica(env), await startReplica(env)];
  const interactionsUrls = replicas.map((r) => `${r.url}/interactions`);
  emu.useHttpInteractions(interactionsUrls);
  const lines: string[] = [];
  try {
    // Warm-up: each replica answers a few first (JIT, lazy models).
    for (let n = 0; n < 20; n += 1)
      await emu
        .slashCommand(
          'ask',
          { question: QUESTIONS[n % QUESTIONS.length]! },
          { userId: `5300000000000000${String(n).padStart(2, '0')}` },
        )
        .response();
    const started = performance.now();
    const sent: Array<{ kind: string; at: number; interaction: DispatchedInteraction }> = [];
    for (let n = 0; n < BURST; n += 1) {
      const actor = { userId: `52000000000${String(n).padStart(7, '0')}` };
      const at = performance.now();
      const kind = n % 4 === 3 ? 'autocomplete' : n % 10 === 9 ? 'help' : 'ask';
      const interaction =
        kind === 'autocomplete'
          ? emu.autocomplete('ask', { question: QUESTIONS[n % QUESTIONS.length]!.slice(0, 8) }, actor)
          : kind === 'help'
            ? emu.slashCommand('help', {}, actor)
            : emu.slashCommand('ask', { question: QUESTIONS[n % QUESTIONS.length]! }, actor);
      sent.push({ kind, at, interaction });
    }
    const times = await Promise.all(
      sent.map(async (s) => {
        await s.interaction.response();
        return { kind: s.kind, ms: performance.now() - s.at };
      }),
    );
    const wall = performance.now() - started;
    const deferred = (await Promise.all(sent.map((s) => s.interaction.response()))).filter((r) => r.type === 5).length;
    lines.push(
      summary(
        `burst of ${BURST}, all kinds (POST → first response)`,
        times.map((t) => t.ms),
      ),
    );
    lines.push(
      summary(
        '  asks',
        times.filter((t) => t.kind === 'ask').map((t) => t.ms),
      ),
    );
    lines.push(
      summary(
        '  autocomplete',
        times.filter((t) => t.kind === 'autocomplete').map((t) => t.ms),
      ),
    );
    lines.push(
      `  whole burst answered in ${wall.toFixed(0)} ms (${((BURST / wall) * 1000).toFixed(0)} interactions/s); ${deferred} deferred; replicas served ${[...new Set([...emu.httpDeliveries.values()].map((d) => d.url))].length}`,
    );

    // Propagation: a write (as the CLI makes it) until every replica answers from it.
    const propagation: number[] = [];
    const perReplica: number[] = [];
    const question = 'what does the Bench Wire propagation article say about cooperation?';
    let asker = 0;
    for (let n = 0; n < CHANGES; n += 1) {
      const adding = n % 2 === 0;
      const id = `bench-propagation-article-${adding ? n : n - 1}`;
      const title = `Bench propagation article ${adding ? n : n - 1}`;
      if (adding) {
        await writeNewArticle(dir, {
          id,
          title,
          outlet: 'Bench Wire',
          url: null,
          published: '2025-03-10',
          reports: [],
          paragraphs: [
            'The Bench Wire propagation article says North Korea and Russia expanded their cooperation, in a paragraph long enough to index and to cite.',
          ],
        });
      } else {
        await trashArticle(dir, id);
      }
      const written = performance.now();
      const reached = await Promise.all(
        interactionsUrls.map(async (url) => {
          for (;;) {
            emu.useHttpInteractions([url]);
            asker += 1;
            const reply = await emu
              .slashCommand('ask', { question }, { userId: `54000000000${String(asker).padStart(7, '0')}` })
              .reply();
            if (citesArticle(reply, title) === adding) return performance.now() - written;
            await new Promise((r) => setTimeout(r, 5));
          }
        }),
      );
      perReplica.push(...reached);
      propagation.push(Math.max(...reached));
    }
    lines.push(
      summary(
        `corpus change → answered from by every replica (${CHANGES} changes: adds and removals; fs.watch + 1 s poll; an /ask per replica every few ms)`,
        propagation,
      ),
    );
    lines.push(summary('  per replica', perReplica));
  } finally {
    await Promise.all(
      replicas.map(
        (r) =>
          new Promise<void>((done) => {
            r.child.once('exit', () => done());
            r.child.kill('SIGTERM');
          }),
      ),
    );
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}
