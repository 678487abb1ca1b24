/**
 * Picking a statement by button: when /who-signed or /dprk-response gets text that matches several
 * statements (or none), the answer offers one button per statement; a click by the asker answers for
 * that statement in place. Plus the custom id's encode/decode and the label's length.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { decodePick, encodePick, PICK_PREFIX } from '../../src/discord/buttons.js';
import { answerMessage, choiceLabel } from '../../src/discord/replies.js';
import { NOTES } from '../../src/discord/router.js';
import { unescapeMarkdown as plain } from '../../src/render/discordMessage.js';
import { buildMessage, isEphemeral } from '../emulator/index.js';
import { interactionLog, newUser, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ cooldown: false });
});
afterEach(() => h.emu.assertNoViolations());
afterAll(async () => {
  await h?.close();
});

interface Button {
  label: string;
  style: number;
  customId?: string;
  url?: string;
}

function buttons(message: APIMessage): Button[] {
  return (message.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) =>
          c.type === 2
            ? [
                {
                  label: 'label' in c ? String(c.label) : '',
                  style: c.style,
                  ...('custom_id' in c ? { customId: c.custom_id } : {}),
                  ...('url' in c ? { url: c.url } : {}),
                },
              ]
            : [],
        )
      : [],
  );
}

function choiceButtons(message: APIMessage): Button[] {
  return buttons(message).filter((b) => b.customId?.startsWith(`${PICK_PREFIX}:`));
}

function choice(message: APIMessage, label: RegExp): string {
  const found = choiceButtons(message).find((b) => label.test(b.label));
  if (!found?.customId)
    throw new Error(
      `no choice ${label}; the message has ${buttons(message)
        .map((b) => b.label)
        .join(', ')}`,
    );
  return found.customId;
}

describe('picking a statement by button', () => {
  it('/who-signed with text matching three statements offers three buttons; the December one answers in place', async () => {
    const user = newUser();
    const ask = h.emu.slashCommand('who-signed', { statement: 'the joint statement' }, user);
    const reply = await ask.reply();
    const choices = choiceButtons(reply);
    expect(choices.map((b) => b.label)).toEqual([
      'Joint Statement on DPRK–Russia arms transfers (31 May 2024)',
      'Joint Statement on the DPRK’s Deployment of Troops to Russia (6 Nov 2024)',
      'Joint statement on DPRK–Russia military cooperation (16 Dec 2024)',
    ]);
    expect(choices.every((b) => b.style === 2)).toBe(true); // Secondary
    const december = choice(reply, /16 Dec 2024/);
    expect(december).toBe(`pick:v1:who-signed:joint-2024-12-16:${user.userId}`);

    const click = h.emu.clickButton(reply, december, user);
    const picked = await click.response();
    expect(picked.type).toBe(7); // UPDATE_MESSAGE: the same message, edited
    expect(picked.message?.id).toBe(reply.id);
    const message = picked.message!;
    expect(plain(message.embeds[0]!.description!)).toMatch(
      /^Joint statement on DPRK–Russia military cooperation \(16 December 2024\) was issued by .*Australia/,
    );
    expect(message.embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(message.embeds[0]!.fields!.some((f) => /^\[1\]/.test(f.name))).toBe(true); // citations
    expect(choiceButtons(message)).toEqual([]);
    expect(buttons(message).some((b) => b.url)).toBe(true); // the usual link buttons
    expect(isEphemeral(message)).toBe(false);
    expect(await interactionLog(h, click.id)).toMatchObject({ kind: 'button', command: 'who-signed', outcome: 'ok' });
  });

  it('/dprk-response with text matching nothing offers all four statements; picking NATO shows the response, privately if asked privately', async () => {
    const user = newUser();
    const reply = await h.emu.slashCommand('dprk-response', { statement: 'banana', private: true }, user).reply();
    expect(isEphemeral(reply)).toBe(true);
    expect(choiceButtons(reply)).toHaveLength(4);

    const picked = await h.emu
      .clickButton(reply, choice(reply, /^NATO Washington Summit Declaration/), user)
      .response();
    expect(picked.type).toBe(7);
    const message = picked.message!;
    expect(isEphemeral(message)).toBe(true);
    expect(plain(message.embeds[0]!.description!)).toMatch(
      /^North Korea answered the NATO Washington Summit Declaration \(10 July 2024\)/,
    );
    expect(message.embeds[0]!.fields!.length).toBeGreaterThan(0);
    expect(choiceButtons(message)).toEqual([]);
    expect(buttons(message).some((b) => b.url)).toBe(true);
  });

  it('an answer picked for a statement with more passages gets its More passages button, which pages as usual', async () => {
    const user = newUser();
    const reply = await h.emu.slashCommand('dprk-response', { statement: 'the joint statement' }, user).reply();
    const picked = await h.emu.clickButton(reply, choice(reply, /16 Dec 2024/), user).response();
    expect(picked.type).toBe(7);
    const more = buttons(picked.message!).find((b) => b.label.startsWith('More passages'));
    expect(more?.customId).toMatch(new RegExp(`^more:v1:dprk:4:${user.userId}:joint-2024-12-16:`));
    const next = await h.emu.clickButton(picked.message!, more!.customId!, user).response();
    expect(next.type).toBe(7);
    expect(next.message!.embeds[0]!.footer?.text).toMatch(/passages 5–/);
  });

  it('/who-signed without a statement offers every statement', async () => {
    const reply = await h.emu.slashCommand('who-signed', {}, newUser()).reply();
    expect(choiceButtons(reply)).toHaveLength(4);
  });

  it('/who-signed with a party and text matching three statements needs no pick: one line per statement, no buttons', async () => {
    const reply = await h.emu
      .slashCommand('who-signed', { statement: 'the joint statement', party: 'New Zealand' }, newUser())
      .reply();
    expect(choiceButtons(reply)).toHaveLength(0);
    const embed = reply.embeds[0]!;
    expect(embed.description).toMatch(/^New Zealand is among the signatories of all 3 statements/);
    const lines = embed.fields!.find((f) => f.name === 'Signed by New Zealand?')!.value.split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^yes: .* \[\d\]$/);
  });

  it('a click by someone else gets the polite ephemeral note and changes nothing', async () => {
    const asker = newUser();
    const reply = await h.emu.slashCommand('who-signed', { statement: 'the joint statement' }, asker).reply();
    const click = h.emu.clickButton(reply, choice(reply, /16 Dec 2024/), newUser('other'));
    const response = await click.response();
    expect(response.type).toBe(4);
    expect(response.ephemeral).toBe(true);
    expect(response.data.content).toBe(NOTES.foreign);
    const after = h.emu.message(reply.id)!;
    expect(after.embeds).toEqual(reply.embeds);
    expect(after.components).toEqual(reply.components);
    expect(await interactionLog(h, click.id)).toMatchObject({
      kind: 'button',
      command: 'who-signed',
      outcome: 'foreign',
    });
  });

  it('a statement no longer in the corpus, or an id of another version, gets a polite note', async () => {
    const user = newUser();
    const reply = await h.emu.slashCommand('who-signed', { statement: 'the joint statement' }, user).reply();
    const withButton = (customId: string): APIMessage => {
      const old = buildMessage({
        channelId: reply.channel_id,
        author: reply.author,
        content: '',
        embeds: reply.embeds,
      });
      old.components = [{ type: 1, components: [{ type: 2, style: 2, label: 'A statement', custom_id: customId }] }];
      return old;
    };

    const goneId = `pick:v1:who-signed:joint-2023-01-01:${user.userId}`;
    const gone = await h.emu.clickButton(withButton(goneId), goneId, user).response();
    expect(gone.ephemeral).toBe(true);
    expect(gone.data.content).toBe(NOTES.statementGone);

    for (const customId of [
      `pick:v0:who-signed:joint-2024-12-16:${user.userId}`,
      `pick:v1:timeline:joint-2024-12-16:${user.userId}`,
      'pick:v1:who-signed',
    ]) {
      const response = await h.emu.clickButton(withButton(customId), customId, user).response();
      expect(response.ephemeral).toBe(true);
      expect(response.data.content).toBe(NOTES.expired);
    }
    expect(h.emu.message(reply.id)?.embeds).toEqual(reply.embeds);
  });
});

describe('pick custom ids and labels', () => {
  it('round-trips, refuses other versions and malformed ids', () => {
    const state = { command: 'dprk-response' as const, statementId: 'nato-2024-07-10', userId: '510000000000000001' };
    const id = encodePick(state)!;
    expect(id).toBe('pick:v1:dprk-response:nato-2024-07-10:510000000000000001');
    expect(decodePick(id)).toEqual({ ok: true, state });
    expect(decodePick('more:v1:ask:3:1:abc:abcdef')).toEqual({ ok: false, reason: 'not-a-pick' });
    expect(decodePick(id.replace(':v1:', ':v2:'))).toEqual({ ok: false, reason: 'old-version' });
    expect(decodePick(`${id}:extra`)).toEqual({ ok: false, reason: 'malformed' });
    expect(decodePick(id.replace('dprk-response', 'ask'))).toEqual({ ok: false, reason: 'malformed' });
    expect(decodePick(id.replace('510000000000000001', 'someone'))).toEqual({ ok: false, reason: 'malformed' });
    expect(encodePick({ ...state, statementId: 'Not An Id' })).toBeNull();
  });

  it('never exceeds Discord’s 100 characters: a state that would is not encoded', () => {
    const userId = '9'.repeat(20);
    const fits = `s-${'a'.repeat(100 - 'pick:v1:dprk-response:'.length - 1 - userId.length - 2)}`;
    const id = encodePick({ command: 'dprk-response', statementId: fits, userId })!;
    expect(id).toHaveLength(100);
    expect(decodePick(id)).toMatchObject({ ok: true });
    expect(encodePick({ command: 'dprk-response', statementId: `${fits}a`, userId })).toBeNull();
    expect(decodePick(`${id}a`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('shows the first choices that fit in five rows of five when there are more', () => {
    const choices = Array.from({ length: 30 }, (_, n) => ({
      id: `joint-2024-01-${n + 1}`,
      title: `Statement ${n + 1}`,
      date: '2024-01-01',
    }));
    const message = answerMessage(
      {
        command: 'who-signed',
        match: 'answered',
        query: 'x',
        lead: 'Which one?',
        statement: null,
        citations: [],
        choices,
      },
      { pick: { userId: '510000000000000001' } },
    );
    expect(message.components).toHaveLength(5);
    expect(message.components.every((row) => row.components.length === 5)).toBe(true);
    expect(message.components.flatMap((row) => row.components).map((b) => ('label' in b ? b.label : ''))).toEqual(
      choices.slice(0, 25).map((c) => `${c.title} (1 Jan 2024)`),
    );
    // Commands that cannot be re-run for a statement get no choice buttons.
    expect(
      answerMessage(
        { command: 'ask', match: 'answered', query: 'x', lead: null, statement: null, citations: [], choices },
        { pick: { userId: '510000000000000001' } },
      ).components,
    ).toEqual([]);
  });

  it('labels keep the date and cut a long title on a word boundary within 80 characters', () => {
    const label = choiceLabel({
      id: 'x',
      title: 'Joint statement of the foreign ministers on the continuing military cooperation of the DPRK and Russia',
      date: '2024-12-16',
    });
    expect(label).toBe('Joint statement of the foreign ministers on the continuing… (16 Dec 2024)');
    expect(label.length).toBeLessThanOrEqual(80);
    expect(choiceLabel({ id: 'x', title: 'NATO Washington Summit Declaration', date: '2024-07-10' })).toBe(
      'NATO Washington Summit Declaration (10 Jul 2024)',
    );
  });
});
