/**
 * HTTP interactions mode: the real bot (startHttpBot) behind its own endpoint, the emulator POSTing
 * signed interactions to it. Every command, an autocomplete, a button, a deferred answer and a
 * moderator's /corpus command go through it; tampered requests are refused with 401 before any handler.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { commands } from '../../src/commands/index.js';
import { defineCommand } from '../../src/commands/command.js';
import { FIND_SOURCES } from '../../src/discord/findSources.js';
import { actors, type Tamper } from '../emulator/index.js';
import { newUser } from './harness.js';
import { startHttpHarness, type HttpHarness } from './httpHarness.js';

const slowCommand = defineCommand(
  {
    summary: 'test: slow',
    definition: {
      name: 'slow-http',
      description: 'A slow test command',
      type: ApplicationCommandType.ChatInput,
      options: [],
    },
    title: () => 'Slow',
  },
  {
    run: () => ({
      command: 'help',
      match: 'answered',
      query: null,
      statement: null,
      citations: [],
      lead: 'done slowly',
    }),
  },
);
const slow = {
  ...slowCommand,
  run: async (...args: Parameters<typeof slowCommand.run>) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return slowCommand.run(...args);
  },
};

let h: HttpHarness;

beforeAll(async () => {
  h = await startHttpHarness({ extraCommands: [slow], deferAfterMs: 150, cooldown: false });
});
afterEach(() => h.emu.assertNoViolations());
afterAll(async () => {
  await h?.close();
});

function customIds(message: APIMessage): string[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : [])) : [],
  );
}

function interactionLines(id: string) {
  return h.logs.filter((l) => l.event === 'interaction' && l.interaction === id);
}

describe('HTTP interactions', () => {
  it('answers a PING with PONG; /healthz and /readyz answer for the load balancer', async () => {
    const pong = await h.emu.ping(h.replicas[0]!.interactionsUrl);
    expect(pong.status).toBe(200);
    expect(JSON.parse(pong.body)).toEqual({ type: 1 });
    expect((await fetch(`${h.replicas[0]!.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.replicas[0]!.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${h.replicas[0]!.url}/interactions`)).status).toBe(405);
  });

  it('every knowledge command answers in the HTTP response, with the gateway’s renderers and no pings', async () => {
    const options: Record<string, Record<string, string>> = {
      ask: { question: 'who signed the December statement?' },
      'who-signed': { statement: 'December' },
      'dprk-response': { statement: 'December' },
    };
    for (const command of commands) {
      const sent = h.emu.slashCommand(command.name, options[command.name] ?? {}, newUser());
      const response = await sent.response();
      expect(response.type, command.name).toBe(4);
      const reply = await sent.reply();
      expect(reply.embeds.length, command.name).toBeGreaterThan(0);
      expect(reply.embeds[0]!.title, command.name).toBeTruthy();
      expect((response.data as { allowed_mentions?: unknown }).allowed_mentions, command.name).toEqual({ parse: [] });
      expect(interactionLines(sent.id)[0], command.name).toMatchObject({
        kind: 'command',
        command: command.name,
        outcome: 'ok',
      });
    }
  });

  it('autocomplete suggests in the HTTP response', async () => {
    const sent = h.emu.autocomplete('who-signed', { statement: 'dec' }, newUser());
    const response = await sent.response();
    expect(response.type).toBe(8);
    const choices = (response.data as { choices?: Array<{ value: string }> }).choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
  });

  it('a More passages button pages the answer in place; a statement choice runs the command for it', async () => {
    const user = newUser();
    const reply = await h.emu
      .slashCommand('ask', { question: 'North Korea and Russia military cooperation' }, user)
      .reply();
    const more = customIds(reply).find((id) => id.startsWith('more:v1:ask:3:'))!;
    const next = await h.emu.clickButton(reply, more, user).response();
    expect(next.type).toBe(7);
    expect(next.message!.embeds[0]!.fields![0]!.name).toMatch(/^\[4\]/);

    const choose = await h.emu.slashCommand('who-signed', { statement: 'statement' }, user).reply();
    const pick = customIds(choose).find((id) => id.startsWith('pick:v1:who-signed:'));
    expect(pick).toBeDefined();
    const picked = await h.emu.clickButton(choose, pick!, user).response();
    expect(picked.type).toBe(7);
    expect(picked.message!.embeds[0]!.title).toMatch(/^Who signed\\?: /);
  });

  it('Find sources (a message menu) answers privately', async () => {
    const response = await h.emu
      .messageCommand(FIND_SOURCES, { content: 'North Korea sent troops to Russia' }, newUser())
      .response();
    expect(response.type).toBe(4);
    expect(response.ephemeral).toBe(true);
  });

  it('slow work is deferred in the HTTP response, and the answer follows through the REST API', async () => {
    const sent = h.emu.slashCommand('slow-http', {}, newUser());
    const response = await sent.response();
    expect(response.type).toBe(5);
    const edit = await sent.edit();
    expect(edit.message.embeds[0]!.description).toContain('done slowly');
  });

  it('a moderator’s /corpus status is deferred and edited in; a member is refused', async () => {
    const status = await h.emu.slashCommand('corpus status', {}, actors.moderator).reply();
    expect(status.embeds[0]!.title).toMatch(/corpus/i);
    const refused = await h.emu.slashCommand('corpus status', {}, newUser()).response();
    expect(refused.ephemeral).toBe(true);
    expect(refused.type).toBe(4);
  });

  it.each<Tamper>(['bad-signature', 'missing-header', 'old-timestamp', 'wrong-key'])(
    'a request with %s is refused with 401 and reaches no handler',
    async (tamper) => {
      const before = h.logs.filter((l) => l.event === 'interaction').length;
      const sent = await h.emu.postSlashCommand(
        h.replicas[0]!.interactionsUrl,
        'ask',
        { question: 'who signed?' },
        tamper,
        newUser(),
      );
      expect(sent.status).toBe(401);
      expect(h.logs.filter((l) => l.event === 'interaction').length).toBe(before);
      expect(interactionLines(sent.interactionId)).toEqual([]);
      expect(h.logs.some((l) => l.event === 'interaction-refused' && typeof l.reason === 'string')).toBe(true);
      // The same request, signed as Discord signs it, is answered: the refusal was the signature's.
      const valid = await h.emu.postSlashCommand(h.replicas[0]!.interactionsUrl, 'help', {}, 'none', newUser());
      expect(valid.status).toBe(200);
      expect(JSON.parse(valid.body)).toMatchObject({ type: 4 });
    },
  );

  it('an oversized body is refused with 413 before it is read', async () => {
    const res = await fetch(h.replicas[0]!.interactionsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(300 * 1024),
    });
    expect(res.status).toBe(413);
  });
});
