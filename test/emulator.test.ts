/**
 * Proves the Discord emulator (test/emulator) works with the REAL discord.js client: no mocks, a
 * throwaway bot defined below talks HTTP + WebSocket to the emulator on 127.0.0.1.
 */
import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  ContextMenuCommandBuilder,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Interaction } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordEmulator, EmulatorViolationError, actors, attachment, isEphemeral } from './emulator/index.js';
import { validateCallback, validateCommandList, validateMessage } from './emulator/validate.js';

// ---------------------------------------------------------------------------------------------------
// A throwaway bot (the real bot does not exist yet)
// ---------------------------------------------------------------------------------------------------

const commandDefinitions = [
  new SlashCommandBuilder()
    .setName('echo')
    .setDescription('Echo text in an embed')
    .addStringOption((o) => o.setName('text').setDescription('Text').setRequired(true)),
  new SlashCommandBuilder()
    .setName('fruit')
    .setDescription('Pick a fruit')
    .addStringOption((o) => o.setName('name').setDescription('Fruit').setRequired(true).setAutocomplete(true)),
  new SlashCommandBuilder().setName('slow').setDescription('Defer, edit, follow up'),
  new SlashCommandBuilder().setName('ping').setDescription('Reply with response, fetch, delete'),
  new SlashCommandBuilder()
    .setName('statement')
    .setDescription('Statements')
    .addSubcommand((s) =>
      s
        .setName('search')
        .setDescription('Search')
        .addStringOption((o) => o.setName('query').setDescription('Query').setRequired(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('upload')
        .setDescription('Upload')
        .addAttachmentOption((o) => o.setName('file').setDescription('File').setRequired(true)),
    ),
  new SlashCommandBuilder().setName('whoami').setDescription('Moderator or member?'),
  new SlashCommandBuilder().setName('report').setDescription('Post to the moderation log'),
  new SlashCommandBuilder().setName('feedback').setDescription('Open a modal'),
  new SlashCommandBuilder()
    .setName('bad')
    .setDescription('Deliberately breaks Discord rules')
    .addStringOption((o) =>
      o
        .setName('kind')
        .setDescription('Which rule')
        .setRequired(true)
        .addChoices(
          { name: 'long embed', value: 'long-embed' },
          { name: 'no allowed_mentions', value: 'no-mentions' },
          { name: 'pings everyone', value: 'ping' },
          { name: 'answered twice', value: 'double' },
        ),
    ),
  new ContextMenuCommandBuilder().setName('Quote statement').setType(ApplicationCommandType.Message),
].map((c) => c.toJSON());

function createBot(emu: DiscordEmulator) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...emu.clientOptions,
  });
  const errors: unknown[] = [];

  async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const typed = interaction.options.getFocused();
      const fruits =
        typed === 'many'
          ? Array.from({ length: 30 }, (_, i) => `fruit${i}`)
          : ['apple', 'apricot', 'banana'].filter((f) => f.startsWith(typed));
      await interaction.respond(fruits.map((f) => ({ name: f, value: f })));
      return;
    }
    if (interaction.isButton()) {
      if (interaction.customId === 'again') {
        await interaction.update({ content: `clicked by ${interaction.user.username}`, embeds: [], components: [] });
      } else if (interaction.customId === 'later') {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'edited later', components: [] });
      }
      return;
    }
    if (interaction.isStringSelectMenu()) {
      await interaction.update({ content: `picked ${interaction.values.join(',')}`, components: [] });
      return;
    }
    if (interaction.isModalSubmit()) {
      await interaction.reply({
        content: `thanks: ${interaction.fields.getTextInputValue('comment')}`,
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      await interaction.reply({
        content: `> ${interaction.targetMessage.content}\n— quoted from ${interaction.targetMessage.author.username}`,
      });
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    switch (interaction.commandName) {
      case 'echo': {
        const text = interaction.options.getString('text', true);
        await interaction.reply({
          embeds: [new EmbedBuilder().setTitle('Echo').setDescription(text).setColor(0x5865f2)],
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('again').setLabel('Again').setStyle(ButtonStyle.Primary),
              new ButtonBuilder().setCustomId('later').setLabel('Later').setStyle(ButtonStyle.Secondary),
              new ButtonBuilder()
                .setURL('https://example.org/statements')
                .setLabel('Source')
                .setStyle(ButtonStyle.Link),
            ),
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('pick')
                .addOptions({ label: 'One', value: 'one' }, { label: 'Two', value: 'two' }),
            ),
          ],
        });
        return;
      }
      case 'slow':
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply({ content: 'done after defer' });
        await interaction.followUp({
          content: 'follow-up',
          flags: MessageFlags.Ephemeral,
          files: [{ attachment: Buffer.from('a,b\n1,2'), name: 'data.csv' }],
        });
        return;
      case 'ping': {
        const response = await interaction.reply({ content: 'pong', withResponse: true });
        const fetched = await interaction.fetchReply();
        await interaction.followUp({ content: `reply ${response.resource?.message?.id} says ${fetched.content}` });
        await interaction.deleteReply();
        return;
      }
      case 'statement': {
        const sub = interaction.options.getSubcommand();
        if (sub === 'upload') {
          const file = interaction.options.getAttachment('file', true);
          await interaction.reply({ content: `received ${file.name} (${file.contentType}, ${file.size} bytes)` });
        } else {
          await interaction.reply({ content: `searching for ${interaction.options.getString('query', true)}` });
        }
        return;
      }
      case 'whoami': {
        const mod = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
        await interaction.reply({
          content: mod ? 'moderator' : 'member',
          flags: mod ? undefined : MessageFlags.Ephemeral,
        });
        return;
      }
      case 'report': {
        const channel = await client.channels.fetch(emu.channelId('mod-log'));
        if (!channel?.isSendable()) throw new Error('mod-log not sendable');
        await channel.send({
          content: `report from <@${interaction.user.id}>`,
          files: [{ attachment: Buffer.from('details'), name: 'report.txt' }],
        });
        await interaction.reply({
          content: 'reported',
          flags: MessageFlags.Ephemeral,
          files: [{ attachment: Buffer.from('receipt'), name: 'receipt.txt' }],
        });
        return;
      }
      case 'feedback':
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('feedback')
            .setTitle('Feedback')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('comment').setLabel('Comment').setStyle(TextInputStyle.Short),
              ),
            ),
        );
        return;
      case 'bad': {
        const kind = interaction.options.getString('kind', true);
        const callback = Routes.interactionCallback(interaction.id, interaction.token);
        if (kind === 'long-embed')
          await interaction.reply({ embeds: [{ title: 'Too long', description: 'x'.repeat(5000) }] });
        if (kind === 'no-mentions')
          await client.rest.post(callback, { body: { type: 4, data: { content: 'hello @everyone' } }, auth: false });
        if (kind === 'ping')
          await interaction.reply({ content: 'hello @everyone', allowedMentions: { parse: ['everyone'] } });
        if (kind === 'double') {
          await interaction.reply({ content: 'first' });
          await client.rest.post(callback, {
            body: { type: 4, data: { content: 'second', allowed_mentions: { parse: [] } } },
            auth: false,
          });
        }
        return;
      }
    }
  }

  client.on(Events.InteractionCreate, (interaction) => {
    handle(interaction).catch((error: unknown) => errors.push(error));
  });
  return { client, errors };
}

// ---------------------------------------------------------------------------------------------------

let emu: DiscordEmulator;
let bot: ReturnType<typeof createBot>;

beforeAll(async () => {
  emu = await DiscordEmulator.start();
  bot = createBot(emu);
  const ready = new Promise<void>((resolve) => bot.client.once(Events.ClientReady, () => resolve()));
  await bot.client.login(emu.token);
  await ready;
  await bot.client.application?.commands.set(commandDefinitions, emu.guild.id);
});

afterEach(() => {
  emu.assertNoViolations();
  expect(bot.errors).toEqual([]);
});

afterAll(async () => {
  await bot?.client.destroy();
  await emu?.close();
});

describe('login and registration', () => {
  it('reaches ClientReady with the guild available (name, role, text channel)', () => {
    const guild = bot.client.guilds.cache.get(emu.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe(emu.guild.name);
    expect(guild?.roles.cache.some((r) => r.name === 'Moderator')).toBe(true);
    expect(bot.client.channels.cache.get(emu.channelId('general'))?.isTextBased()).toBe(true);
    expect(bot.client.user?.id).toBe(emu.bot.id);
    expect(emu.requests[0]).toMatchObject({ method: 'GET', route: '/gateway/bot' });
  });

  it('stores and echoes registered guild commands with ids', async () => {
    const registered = await emu.waitForCommands({ guildId: emu.guild.id, count: commandDefinitions.length });
    expect(registered.map((c) => c.name)).toContain('statement');
    expect(registered.every((c) => /^\d+$/.test(c.id))).toBe(true);
    const fetched = await bot.client.application?.commands.fetch({ guildId: emu.guild.id });
    expect(fetched?.map((c) => c.name).sort()).toEqual(registered.map((c) => c.name).sort());
  });

  it('serves users/@me and applications/@me', async () => {
    const app = await bot.client.application?.fetch();
    expect(app?.id).toBe(emu.bot.id);
    const me = (await bot.client.rest.get(Routes.user())) as { id: string; bot: boolean };
    expect(me).toMatchObject({ id: emu.bot.id, bot: true });
  });
});

describe('interactions', () => {
  it('answers a slash command with an embed and buttons', async () => {
    const echo = emu.slashCommand('echo', { text: 'hello <@123> @everyone' });
    const res = await echo.response();
    expect(res.type).toBe(4);
    expect(res.ephemeral).toBe(false);
    expect(res.data.embeds?.[0]).toMatchObject({ title: 'Echo', description: 'hello <@123> @everyone' });
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
    const reply = await echo.reply();
    expect(reply.interaction_metadata?.id).toBe(echo.id);
    expect(reply.components).toHaveLength(2);
  });

  it('answers autocomplete with choices for the focused option', async () => {
    const res = await emu.autocomplete('fruit', { name: 'ap' }).response();
    expect(res.type).toBe(8);
    expect(res.choices.map((c) => c.value)).toEqual(['apple', 'apricot']);
  });

  it('clicks a button on a message the bot produced and sees the update', async () => {
    const reply = await emu.slashCommand('echo', { text: 'click me' }).reply();
    const click = emu.clickButton(reply, 'again', actors.otherMember);
    expect(click.payload.message?.id).toBe(reply.id);
    const res = await click.response();
    expect(res.type).toBe(7);
    expect(res.message?.content).toBe('clicked by carol');
    expect(emu.message(reply.id)?.components).toEqual([]);
    expect(() => emu.clickButton(reply, 'again')).toThrow(/no component with custom_id "again"/);
  });

  it('handles deferUpdate + editReply (edits the clicked message) and select menus', async () => {
    const first = await emu.slashCommand('echo', { text: 'defer update' }).reply();
    const later = emu.clickButton(first, 'later');
    expect((await later.response()).type).toBe(6);
    const edited = await later.reply();
    expect(edited.id).toBe(first.id);
    expect(edited.content).toBe('edited later');

    const second = await emu.slashCommand('echo', { text: 'select' }).reply();
    expect(() => emu.selectMenu(second, 'pick', ['three'])).toThrow(/no option/);
    const picked = await emu.selectMenu(second, 'pick', ['two']).reply();
    expect(picked.content).toBe('picked two');
  });

  it('follows defer → editReply → followUp, ephemeral', async () => {
    const slow = emu.slashCommand('slow');
    const res = await slow.response();
    expect(res.type).toBe(5);
    expect(res.ephemeral).toBe(true);
    const reply = await slow.reply();
    expect(reply.content).toBe('done after defer');
    expect(isEphemeral(reply)).toBe(true);
    const followUp = await slow.followUp(1);
    expect(followUp.content).toBe('follow-up');
    expect(isEphemeral(followUp)).toBe(true);
    expect(followUp.attachments.map((a) => a.filename)).toEqual(['data.csv']);
    expect(res.edits).toHaveLength(1);
  });

  it('supports reply({ withResponse }), fetchReply and deleteReply', async () => {
    const ping = emu.slashCommand('ping');
    const reply = await ping.reply();
    const followUp = await ping.followUp(1);
    expect(followUp.content).toBe(`reply ${reply.id} says pong`);
    await vi.waitFor(() => expect(emu.interaction(ping.id).deletedMessageIds).toEqual([reply.id]));
    expect(emu.message(reply.id)).toBeUndefined();
  });

  it('passes subcommands and attachments (data.resolved.attachments)', async () => {
    const search = await emu.slashCommand('statement search', { query: 'joint statement' }).reply();
    expect(search.content).toBe('searching for joint statement');
    const upload = await emu
      .slashCommand('statement upload', { file: attachment('treaty.pdf', { size: 2048 }) })
      .reply();
    expect(upload.content).toBe('received treaty.pdf (application/pdf, 2048 bytes)');
  });

  it('refuses to dispatch what a real Discord client could not send', () => {
    expect(() => emu.slashCommand('nope')).toThrow(/not registered/);
    expect(() => emu.slashCommand('echo', {})).toThrow(/required option "text"/);
    expect(() => emu.slashCommand('bad', { kind: 'other' })).toThrow(/not one of its choices/);
    expect(() => emu.slashCommand('statement', {})).toThrow(/has subcommands/);
  });

  it('lets tests act as a moderator or as an ordinary member', async () => {
    const mod = await emu.slashCommand('whoami', {}, actors.moderator).response();
    expect(mod.data.content).toBe('moderator');
    expect(mod.ephemeral).toBe(false);
    const member = await emu.slashCommand('whoami', {}, actors.member).response();
    expect(member.data.content).toBe('member');
    expect(member.ephemeral).toBe(true);
    const inDm = emu.slashCommand('whoami', {}, { ...actors.moderator, guildId: null });
    expect(inDm.payload.member).toBeUndefined();
    expect((await inDm.response()).data.content).toBe('member');
  });

  it('runs a message context-menu command', async () => {
    const quote = emu.messageCommand('Quote statement', { content: 'We signed the treaty.' });
    const reply = await quote.reply();
    expect(reply.content).toBe('> We signed the treaty.\n— quoted from carol');
  });

  it('shows a modal and receives its submission', async () => {
    const res = await emu.slashCommand('feedback').response();
    expect(res.type).toBe(9);
    expect(res.modal?.custom_id).toBe('feedback');
    const submitted = await emu.submitModal('feedback', { comment: 'useful' }).reply();
    expect(submitted.content).toBe('thanks: useful');
    expect(isEphemeral(submitted)).toBe(true);
  });

  it('records channel posts (multipart with a file), e.g. a moderation log', async () => {
    const reported = await emu.slashCommand('report', {}, actors.moderator).response();
    expect(reported.ephemeral).toBe(true);
    expect(reported.files.map((f) => f.filename)).toEqual(['receipt.txt']);
    expect(reported.message?.attachments.map((a) => a.filename)).toEqual(['receipt.txt']);
    const post = await emu.waitForChannelPost(emu.channelId('mod-log'));
    expect(post.content).toBe(`report from <@${actors.moderator.userId}>`);
    expect(post.attachments.map((a) => a.filename)).toEqual(['report.txt']);
  });
});

describe('faults', () => {
  it('answers a 429 on the interaction callback; discord.js retries and the reply arrives', async () => {
    emu.failNextCallback(429, 0.05);
    const echo = emu.slashCommand('echo', { text: 'after 429' });
    const res = await echo.response();
    expect(res.data.embeds?.[0]?.description).toBe('after 429');
    const attempts = emu.requests.filter(
      (r) => r.route === '/interactions/{id}/{token}/callback' && r.path.includes(echo.id),
    );
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(res.latencyMs).toBeGreaterThanOrEqual(40);
  });

  it('drops the connection; the client resumes, gets the missed interaction and answers the next', async () => {
    await emu.dropConnection({ resume: true });
    expect(emu.connected).toBe(false);
    const missed = emu.slashCommand('echo', { text: 'sent while disconnected' });
    const reconnect = await emu.waitForReconnect();
    expect(reconnect.kind).toBe('resume');
    expect(reconnect.replayed).toBeGreaterThanOrEqual(1);
    expect((await missed.response()).data.embeds?.[0]?.description).toBe('sent while disconnected');
    expect((await emu.slashCommand('echo', { text: 'after resume' }).response()).type).toBe(4);
  });
});

describe('violations (the validator can fail a test)', () => {
  it('reports an over-long embed; Discord-style 400 reaches the bot and waitForResponse rejects', async () => {
    const bad = emu.slashCommand('bad', { kind: 'long-embed' });
    await expect(bad.response()).rejects.toThrow(EmulatorViolationError);
    await expect(bad.response()).rejects.toThrow(/embed\.description\.length/);
    expect(emu.violationsFor(bad.id).map((v) => v.rule)).toEqual(['embed.description.length']);
    await vi.waitFor(() => expect(bot.errors).toHaveLength(1));
    expect(bot.errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((bot.errors[0] as DiscordAPIError).code).toBe(50035);
    expect(() => emu.assertNoViolations()).toThrow(/embeds\[0\]\.description/);
    emu.takeViolations();
    bot.errors.length = 0;
  });

  it('reports a message without allowed_mentions, and one that pings @everyone', async () => {
    const raw = emu.slashCommand('bad', { kind: 'no-mentions' });
    await expect(raw.response()).rejects.toThrow(/allowed_mentions\.missing/);
    const ping = emu.slashCommand('bad', { kind: 'ping' });
    await expect(ping.response()).rejects.toThrow(/allowed_mentions\.parse\.not-empty/);
    expect(emu.takeViolations().map((v) => v.rule)).toEqual([
      'allowed_mentions.missing',
      'allowed_mentions.parse.not-empty',
    ]);
  });

  it('reports an interaction answered twice', async () => {
    const twice = emu.slashCommand('bad', { kind: 'double' });
    await vi.waitFor(() => expect(bot.errors).toHaveLength(1));
    expect((bot.errors[0] as DiscordAPIError).code).toBe(40060);
    await expect(twice.response()).rejects.toThrow(/interaction\.double-ack/);
    emu.takeViolations();
    bot.errors.length = 0;
  });

  it('reports more than 25 autocomplete choices', async () => {
    await expect(emu.autocomplete('fruit', { name: 'many' }).response()).rejects.toThrow(
      /autocomplete\.choices\.count/,
    );
    await vi.waitFor(() => expect(bot.errors).toHaveLength(1));
    emu.takeViolations();
    bot.errors.length = 0;
  });

  it('rejects an invalid command registration and records unknown routes', async () => {
    await expect(
      bot.client.application?.commands.create({ name: 'BadName', description: 'x' }, emu.guild.id),
    ).rejects.toThrow(DiscordAPIError);
    await expect(bot.client.rest.get('/nonexistent/route')).rejects.toThrow(DiscordAPIError);
    expect(emu.takeViolations().map((v) => v.rule)).toEqual(['command.name.lowercase', 'unexpected-request']);
  });
});

describe('validator rules (pure)', () => {
  const rules = (issues: { rule: string }[]) => issues.map((i) => i.rule);
  const ok = { allowed_mentions: { parse: [] } };

  it('checks content, embeds and their total size', () => {
    expect(
      rules(validateMessage({ ...ok, content: 'x'.repeat(2001) }, { kind: 'create', target: 'interaction', files: 0 })),
    ).toEqual(['message.content.length']);
    const field = { name: 'n', value: 'v' };
    const embed = {
      title: 't'.repeat(257),
      fields: Array.from({ length: 26 }, () => field),
      footer: { text: 'f'.repeat(2049) },
      author: { name: 'a'.repeat(257) },
    };
    expect(
      rules(validateMessage({ ...ok, embeds: [embed] }, { kind: 'create', target: 'interaction', files: 0 })),
    ).toEqual(['embed.title.length', 'embed.footer.text.length', 'embed.author.name.length', 'embed.fields.count']);
    const big = { description: 'd'.repeat(4000) };
    expect(
      rules(validateMessage({ ...ok, embeds: [big, big] }, { kind: 'create', target: 'interaction', files: 0 })),
    ).toEqual(['embed.total.length']);
    expect(
      rules(
        validateMessage(
          { ...ok, embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
          { kind: 'create', target: 'interaction', files: 0 },
        ),
      ),
    ).toEqual(['message.embeds.count']);
    expect(
      rules(
        validateMessage(
          {
            ...ok,
            embeds: [
              {
                fields: [
                  { name: 'n', value: 'v'.repeat(1025) },
                  { name: 'n'.repeat(257), value: 'v' },
                ],
              },
            ],
          },
          { kind: 'create', target: 'interaction', files: 0 },
        ),
      ),
    ).toEqual(['embed.field.value.length', 'embed.field.name.length']);
    expect(rules(validateMessage({ ...ok }, { kind: 'create', target: 'interaction', files: 0 }))).toEqual([
      'message.empty',
    ]);
  });

  it('checks components: rows, buttons, custom ids, link buttons', () => {
    const button = (id: string, label = 'b') => ({ type: 2, style: 1, custom_id: id, label });
    const row = (...components: object[]) => ({ type: 1, components });
    const check = (components: object[]) =>
      rules(validateMessage({ ...ok, content: 'c', components }, { kind: 'create', target: 'interaction', files: 0 }));
    expect(check(Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))))).toEqual(['message.components.count']);
    expect(check([row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))])).toEqual([
      'component.row.components.count',
    ]);
    expect(check([row(button('same')), row(button('same'))])).toEqual(['component.custom_id.duplicate']);
    expect(check([row(button('x'.repeat(101)))])).toEqual(['button.custom_id.length']);
    expect(check([row(button('a', 'l'.repeat(81)))])).toEqual(['button.label.length']);
    expect(check([row({ type: 2, style: 5, label: 'l', url: 'https://example.org', custom_id: 'no' })])).toEqual([
      'button.link.custom_id',
    ]);
    expect(check([row({ type: 2, style: 5, label: 'l' })])).toEqual(['button.link.url.required']);
    expect(check([row({ type: 2, style: 1, label: 'l' })])).toEqual(['button.custom_id.required']);
  });

  it('checks callback types per interaction type and autocomplete choices', () => {
    expect(
      rules(
        validateCallback(
          { type: 4, data: { content: 'x', ...ok } },
          { interactionType: 4, hasMessage: false, files: 0 },
        ),
      ),
    ).toEqual(['callback.type']);
    expect(
      rules(
        validateCallback(
          { type: 7, data: { content: 'x', ...ok } },
          { interactionType: 2, hasMessage: false, files: 0 },
        ),
      ),
    ).toEqual(['callback.type']);
    expect(rules(validateCallback({ type: 6 }, { interactionType: 3, hasMessage: true, files: 0 }))).toEqual([]);
    const choices = [
      { name: '', value: 'v' },
      { name: 'n'.repeat(101), value: 'v' },
      { name: 'ok', value: 'v'.repeat(101) },
    ];
    expect(
      rules(validateCallback({ type: 8, data: { choices } }, { interactionType: 4, hasMessage: false, files: 0 })),
    ).toEqual([
      'autocomplete.choice.name.length',
      'autocomplete.choice.name.length',
      'autocomplete.choice.value.length',
    ]);
  });

  it('checks command registration', () => {
    const opt = (i: number) => ({ type: 3, name: `o${i}`, description: 'd' });
    expect(rules(validateCommandList([{ name: 'ok', description: 'd', options: [opt(1)] }]))).toEqual([]);
    expect(rules(validateCommandList([{ name: 'has space', description: 'd' }]))).toEqual(['command.name.invalid']);
    expect(rules(validateCommandList([{ name: 'x'.repeat(33), description: 'd' }]))).toEqual(['command.name.invalid']);
    expect(rules(validateCommandList([{ name: 'ok', description: '' }]))).toEqual(['command.description.length']);
    expect(rules(validateCommandList([{ name: 'ok', description: 'd'.repeat(101) }]))).toEqual([
      'command.description.length',
    ]);
    expect(
      rules(
        validateCommandList([{ name: 'ok', description: 'd', options: Array.from({ length: 26 }, (_, i) => opt(i)) }]),
      ),
    ).toEqual(['command.options.count']);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(rules(validateCommandList([{ name: 'ok', description: 'd', options: [{ ...opt(1), choices }] }]))).toEqual([
      'option.choices.count',
    ]);
    expect(
      rules(
        validateCommandList([
          { name: 'ok', description: 'd' },
          { name: 'ok', description: 'd' },
        ]),
      ),
    ).toEqual(['command.name.duplicate']);
  });
});
