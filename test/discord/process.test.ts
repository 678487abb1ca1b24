/**
 * The compiled entry points as a server runs them (`npm start` = node dist/index.js, `npm run
 * deploy-commands` = node dist/discord/deployCommands.js), as child processes: configuration errors
 * name the variable in one line and never print the token; the bot logs in to the emulator, answers,
 * logs JSON lines and stops cleanly on SIGTERM; deploy-commands registers to a guild or globally.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerLog } from '../../src/usage/answerLog.js';
import { actors, DiscordEmulator } from '../emulator/index.js';

const ENTRY = resolve('dist/index.js');
const DEPLOY = resolve('dist/discord/deployCommands.js');
const CORPUS = resolve('corpus');
const SECRET = 'MTAwMDAwMDAwMDAwMDAwMDAx.GsEcRt.this-token-must-never-be-printed';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'statement-desk-proc-')); // no .env here unless a test writes one
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Root can write any file; a read-only file needs another user: nobody (65534), when the tests run as root. */
const asOtherUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function run(script: string, env: Record<string, string>, user: { uid?: number; gid?: number } = {}): Run {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves when the child's stdout contains a JSON log line with this event. */
function waitForEvent(r: Run, event: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`no "${event}" line; stdout:\n${r.stdout()}\nstderr:\n${r.stderr()}`)),
      timeoutMs,
    );
    const check = () => {
      for (const line of r.stdout().split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.event === event) {
          clearTimeout(timer);
          r.child.stdout!.off('data', check);
          res(parsed);
          return;
        }
      }
    };
    r.child.stdout!.on('data', check);
    void r.exited.then((code) => {
      clearTimeout(timer);
      rej(
        new Error(
          `the process exited (${code}) before a "${event}" line; stdout:\n${r.stdout()}\nstderr:\n${r.stderr()}`,
        ),
      );
    });
    check();
  });
}

describe('configuration errors (node dist/index.js)', () => {
  it('a missing variable stops start-up with one line naming it', async () => {
    const r = run(ENTRY, { DISCORD_CLIENT_ID: '100000000000000001', CORPUS_DIR: CORPUS });
    expect(await r.exited).toBe(1);
    expect(r.stdout()).toBe('');
    const lines = r.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^statement-desk: DISCORD_TOKEN is missing/);
    expect(lines[0]).not.toMatch(/DISCORD_CLIENT_ID/);
  });

  it('a malformed variable is named; the token is never printed', async () => {
    const r = run(ENTRY, {
      DISCORD_TOKEN: SECRET,
      DISCORD_CLIENT_ID: 'my-bot',
      DISCORD_API_BASE: 'http://127.0.0.1:1/api/v10',
      CORPUS_DIR: CORPUS,
    });
    expect(await r.exited).toBe(1);
    const lines = r.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_CLIENT_ID is malformed/);
    expect(lines[0]).toMatch(/DISCORD_API_BASE is malformed: expected .*without \/v10/);
    expect(r.stdout() + r.stderr()).not.toContain(SECRET);
    expect(r.stdout() + r.stderr()).not.toContain('my-bot');
  });

  it('a token pasted with a "Bot " prefix or a client secret is rejected without being echoed', async () => {
    for (const token of [`Bot ${SECRET}`, 'abcdefghijklmnopqrstuvwxyz123456']) {
      const r = run(ENTRY, { DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '100000000000000001', CORPUS_DIR: CORPUS });
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toMatch(/^statement-desk: DISCORD_TOKEN is malformed/);
      expect(r.stderr()).not.toContain(token.replace(/^Bot /, ''));
    }
  });
});

describe('the compiled bot against the emulator', () => {
  let emu: DiscordEmulator;
  beforeAll(async () => {
    emu = await DiscordEmulator.start();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('deploy-commands reads .env, registers to the guild at once, and prints what it registered', async () => {
    await writeFile(
      join(cwd, '.env'),
      `DISCORD_TOKEN=${SECRET}\nDISCORD_CLIENT_ID=${emu.applicationId}\nDISCORD_GUILD_ID=${emu.guild.id}\nDISCORD_API_BASE=${emu.apiBase}\n`,
    );
    try {
      const r = run(DEPLOY, {});
      expect(await r.exited).toBe(0);
      expect(r.stdout()).toMatch(
        new RegExp(`^Registered 8 commands to server ${emu.guild.id} \\(available at once\\):`),
      );
      expect(r.stdout()).toMatch(/^ {2}\/ask question:string, autocomplete private\?:boolean: /m);
      expect(r.stdout()).toMatch(/^ {2}Find sources \(message context menu\)$/m);
      expect(r.stdout()).toMatch(
        /^ {2}\/corpus add file\?:attachment url\?:string .*statement\?:string, autocomplete: /m,
      );
      expect(r.stdout()).toMatch(/^ {2}\/corpus response add responds-to:string, autocomplete id:string /m);
      expect(r.stdout() + r.stderr()).not.toContain(SECRET);
      expect(emu.commands(emu.guild.id)).toHaveLength(8);
    } finally {
      await rm(join(cwd, '.env'));
    }
  });

  it('deploy-commands without DISCORD_GUILD_ID registers globally', async () => {
    const r = run(DEPLOY, {
      DISCORD_TOKEN: SECRET,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
    });
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/^Registered 8 commands globally/);
    expect(emu.commands().map((c) => c.name)).toContain('who-signed');
  });

  it('npm start: loads the corpus, logs in, answers, logs JSON lines without the token, stops on SIGTERM', async () => {
    const r = run(ENTRY, {
      DISCORD_TOKEN: SECRET,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      CORPUS_DIR: CORPUS,
      LOG_LEVEL: 'debug',
    });
    try {
      const ready = await waitForEvent(r, 'ready');
      expect(ready).toMatchObject({ level: 'info', application: emu.applicationId, guilds: 1 });
      const knowledge = JSON.parse(
        r
          .stdout()
          .split('\n')
          .find((l) => l.includes('"knowledge-loaded"'))!,
      ) as Record<string, unknown>;
      expect(knowledge.articles).toBeGreaterThan(0);
      // Loaded before login: the knowledge line comes first.
      expect(r.stdout().indexOf('"knowledge-loaded"')).toBeLessThan(r.stdout().indexOf('"ready"'));

      const reply = await emu.slashCommand('who-signed', { statement: 'December' }).reply();
      expect(reply.embeds[0]?.fields?.[0]?.name).toBe('Signatories, as the passages name them');
      await waitForEvent(r, 'interaction');
    } finally {
      r.child.kill('SIGTERM');
    }
    expect(await r.exited).toBe(0);
    const lines = r.stdout().trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(
      expect.arrayContaining(['knowledge-loaded', 'ready', 'interaction', 'shutdown', 'stopped']),
    );
    expect(r.stdout() + r.stderr()).not.toContain(SECRET);
  });
});

describe('a gateway that cannot be reached (REST answers, the WebSocket never connects)', () => {
  let emu: DiscordEmulator;
  beforeAll(async () => {
    // A port that was just free and is closed again: every connection to it is refused.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', () => done()));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    emu = await DiscordEmulator.start({ announcedGatewayUrl: `ws://127.0.0.1:${port}/gateway` });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('npm start gives up at the deadline with one clear line and exit 1, having logged a few reconnect lines, not one per attempt', async () => {
    const r = run(ENTRY, {
      DISCORD_TOKEN: SECRET,
      DISCORD_CLIENT_ID: emu.applicationId,
      DISCORD_API_BASE: emu.apiBase,
      CORPUS_DIR: CORPUS,
      DISCORD_READY_TIMEOUT_MS: '4000',
    });
    const killer = setTimeout(() => r.child.kill('SIGKILL'), 30_000);
    const code = await r.exited;
    clearTimeout(killer);
    expect(code, r.stdout() + r.stderr()).toBe(1);
    expect(r.stderr().trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^statement-desk: could not start: the Discord gateway could not be reached within 4 s \(\d+ connection attempts\)/,
      ),
    ]);
    const events = r
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; attempt?: number });
    const reconnects = events.filter((e) => e.event === 'gateway-reconnecting');
    // About eight attempts in 4 s: logged on the 1st, 2nd, 4th and 8th.
    expect(reconnects.length).toBeGreaterThan(0);
    expect(reconnects.length).toBeLessThanOrEqual(5);
    expect(reconnects.map((e) => e.attempt)).toEqual(reconnects.map((_, i) => 2 ** i));
    expect(r.stdout() + r.stderr()).not.toContain(SECRET);
  });
});

describe('a read-only question log (npm start as a user who cannot write DATA_DIR)', () => {
  let emu: DiscordEmulator;
  let dataDir: string;
  beforeAll(async () => {
    emu = await DiscordEmulator.start();
    dataDir = await mkdtemp(join(tmpdir(), 'statement-desk-ro-'));
    // A database made by an earlier run, then made read-only with its folder.
    await AnswerLog.open({ dataDir, logger: { debug() {}, info() {}, warn() {}, error() {} } }).close();
    for (const file of await readdir(dataDir)) await chmod(join(dataDir, file), 0o444);
    await chmod(dataDir, 0o555);
    await chmod(cwd, 0o755);
  });
  afterAll(async () => {
    await emu?.close();
    await chmod(dataDir, 0o755);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers arrive (without feedback buttons), the failure is logged once, moderators are told, the metrics count it, the file is untouched', async () => {
    const before = await readFile(join(dataDir, 'statement-desk.sqlite'));
    const r = run(
      ENTRY,
      {
        DISCORD_TOKEN: SECRET,
        DISCORD_CLIENT_ID: emu.applicationId,
        DISCORD_API_BASE: emu.apiBase,
        CORPUS_DIR: CORPUS,
        DATA_DIR: dataDir,
        METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      },
      asOtherUser,
    );
    try {
      const failed = await waitForEvent(r, 'question-log-failed');
      expect(failed).toMatchObject({ level: 'error', reason: 'read-only', during: 'open' });
      await waitForEvent(r, 'ready');
      const reply = await emu
        .slashCommand('ask', { question: 'how many troops did North Korea send to Russia?' })
        .reply();
      expect(reply.embeds[0]!.fields!.length).toBeGreaterThan(0);
      expect(JSON.stringify(reply.components)).not.toContain('fb:v1:');

      const status = await emu.slashCommand('corpus status', {}, actors.moderator).reply();
      expect(status.embeds[0]!.fields!.find((f) => f.name === 'Question log')?.value).toMatch(
        /not recording.*read-only/,
      );

      const { url } = (await waitForEvent(r, 'metrics-listening')) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const metrics = await (await fetch(url)).text();
      expect(metrics).toMatch(/^statement_desk_errors_total\{kind="database"\} [1-9]/m);
      expect(metrics).toMatch(/^statement_desk_answers_total\{command="ask",grade="answered"\} 1$/m);
    } finally {
      r.child.kill('SIGTERM');
    }
    expect(await r.exited).toBe(0);
    const lines = r
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; level: string });
    expect(lines.filter((l) => l.event === 'question-log-failed' && l.level === 'error')).toHaveLength(1);
    expect(await readFile(join(dataDir, 'statement-desk.sqlite'))).toEqual(before);
    expect(r.stdout() + r.stderr()).not.toContain(SECRET);
  });
});
