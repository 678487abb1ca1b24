/**
 * Checks of bot payloads against Discord's documented shapes and limits.
 *
 * Every function returns a list of {@link Issue}s (empty = valid). An issue either
 *  - `rejects: true`: real Discord answers 400 to this request (the emulator does the same, with a
 *    Discord-style `Invalid Form Body` error), or
 *  - `rejects: false`: Discord accepts it but it breaks a rule of this project (e.g. a message without
 *    `allowed_mentions: { parse: [] }` could ping @everyone). The emulator accepts the request.
 * Both kinds are recorded as violations and fail the test.
 *
 * Lengths are measured in UTF-16 code units (`string.length`). Discord counts characters, which is the
 * same for BMP text and at most as large for astral characters, so this check is never more lenient
 * than Discord.
 */
import {
  ButtonStyle,
  CallbackType,
  CommandType,
  ComponentType,
  InteractionType,
  MessageFlags,
  OptionType,
} from './constants.js';

export type PathSegment = string | number;

export interface Issue {
  /** Where in the request body, e.g. `['data', 'embeds', 0, 'description']`. */
  path: PathSegment[];
  /** Stable rule id, e.g. `embed.description.length`. */
  rule: string;
  /** Human-readable explanation. */
  message: string;
  /** True if real Discord rejects the request with 400. */
  rejects: boolean;
  /** Top-level Discord error code of the 400 (default 50035 Invalid Form Body). */
  discordCode?: number;
  /** Field-level error code in Discord's error tree (e.g. BASE_TYPE_MAX_LENGTH). */
  fieldCode?: string;
}

/** Limits from Discord's documentation. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  componentsV2Total: 40,
  textDisplayTotal: 4000,
  customId: 100,
  buttonLabel: 80,
  selectPlaceholder: 150,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  files: 10,
  allowedMentionsIds: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceStringValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandChoices: 25,
  commandTotalChars: 4000,
  chatInputCommands: 100,
  contextMenuCommands: 15,
  modalTitle: 45,
  modalComponents: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  textInputPlaceholder: 100,
} as const;

/** Discord's documented regex for CHAT_INPUT command and option names (unicode flag). */
export const COMMAND_NAME_REGEX = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function formatPath(path: PathSegment[]): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    '',
  );
}

/** Small helper accumulating issues. */
class Issues {
  readonly list: Issue[] = [];

  reject(
    path: PathSegment[],
    rule: string,
    message: string,
    fieldCode = 'BASE_TYPE_INVALID',
    discordCode?: number,
  ): void {
    this.list.push({
      path,
      rule,
      message: `${formatPath(path) || '(body)'}: ${message}`,
      rejects: true,
      fieldCode,
      ...(discordCode ? { discordCode } : {}),
    });
  }

  policy(path: PathSegment[], rule: string, message: string): void {
    this.list.push({ path, rule, message: `${formatPath(path) || '(body)'}: ${message}`, rejects: false });
  }

  /** String length check. `min` > 0 implies the field is required. */
  string(
    path: PathSegment[],
    value: unknown,
    rule: string,
    max: number,
    opts: { min?: number; required?: boolean } = {},
  ): number {
    const min = opts.min ?? 0;
    const required = opts.required ?? min > 0;
    if (value === undefined || value === null) {
      if (required) this.reject(path, `${rule}.required`, 'is required', 'BASE_TYPE_REQUIRED');
      return 0;
    }
    if (typeof value !== 'string') {
      this.reject(path, `${rule}.type`, `must be a string, got ${typeof value}`, 'BASE_TYPE_STRING');
      return 0;
    }
    if (value.length > max || value.length < min) {
      const detail = min > 0 ? `must be between ${min} and ${max} characters` : `must be ${max} or fewer characters`;
      this.reject(
        path,
        `${rule}.length`,
        `${detail}, got ${value.length}`,
        min > 0 ? 'BASE_TYPE_BAD_LENGTH' : 'BASE_TYPE_MAX_LENGTH',
      );
    }
    return value.length;
  }

  array(path: PathSegment[], value: unknown, rule: string, max: number, min = 0): unknown[] {
    if (value === undefined || value === null) {
      if (min > 0) this.reject(path, `${rule}.required`, 'is required', 'BASE_TYPE_REQUIRED');
      return [];
    }
    if (!Array.isArray(value)) {
      this.reject(path, `${rule}.type`, 'must be an array', 'BASE_TYPE_ARRAY');
      return [];
    }
    if (value.length > max)
      this.reject(path, `${rule}.count`, `must have at most ${max} items, got ${value.length}`, 'BASE_TYPE_MAX_LENGTH');
    if (value.length < min)
      this.reject(
        path,
        `${rule}.count`,
        `must have at least ${min} items, got ${value.length}`,
        'BASE_TYPE_MIN_LENGTH',
      );
    return value;
  }

  url(path: PathSegment[], value: unknown, rule: string, required: boolean): void {
    if (value === undefined || value === null) {
      if (required) this.reject(path, `${rule}.required`, 'is required', 'BASE_TYPE_REQUIRED');
      return;
    }
    if (typeof value !== 'string' || !isValidUrl(value)) {
      this.reject(path, `${rule}.url`, `is not a well formed URL: ${JSON.stringify(value)}`, 'URL_TYPE_INVALID_URL');
    }
  }

  integer(path: PathSegment[], value: unknown, rule: string, min: number, max: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.reject(
        path,
        `${rule}.range`,
        `must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`,
        'NUMBER_TYPE_MAX',
      );
    }
  }
}

function isValidUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return ['http:', 'https:', 'attachment:', 'discord:'].includes(u.protocol);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------

export interface MessageCheckContext {
  /** `create`: a new message (reply, follow-up, channel post). `edit`: PATCH or UPDATE_MESSAGE. */
  kind: 'create' | 'edit';
  /** Where the message goes; channel posts cannot be ephemeral. */
  target: 'interaction' | 'channel';
  /** Number of uploaded files in the multipart body. */
  files: number;
  /** Prefix of every issue path (e.g. `['data']` for interaction callbacks). */
  path?: PathSegment[];
}

/** Validates a message create/edit body (interaction reply/update data, webhook body, channel post). */
export function validateMessage(body: unknown, ctx: MessageCheckContext): Issue[] {
  const issues = new Issues();
  const p = ctx.path ?? [];
  if (!isRecord(body)) {
    issues.reject(p, 'message.type', 'message body must be a JSON object', 'DICT_TYPE_CONVERT');
    return issues.list;
  }
  issues.string([...p, 'content'], body.content, 'message.content', LIMITS.content);

  const embeds = issues.array([...p, 'embeds'], body.embeds, 'message.embeds', LIMITS.embeds);
  validateEmbeds(embeds, [...p, 'embeds'], issues);

  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (body.flags !== undefined && body.flags !== null && typeof body.flags !== 'number') {
    issues.reject([...p, 'flags'], 'message.flags.type', 'must be an integer');
  }
  const v2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  if (v2 && ((typeof body.content === 'string' && body.content.length > 0) || embeds.length > 0)) {
    issues.reject(p, 'message.components-v2.content', 'messages with IS_COMPONENTS_V2 cannot have content or embeds');
  }
  if (ctx.target === 'channel' && (flags & MessageFlags.Ephemeral) !== 0) {
    issues.policy(
      [...p, 'flags'],
      'message.flags.ephemeral-in-channel',
      'EPHEMERAL (64) has no effect on a channel message; only interaction responses can be ephemeral',
    );
  }
  if (body.components !== undefined && body.components !== null) {
    validateMessageComponents(body.components, v2, [...p, 'components'], issues);
  }

  const attachments = issues.array([...p, 'attachments'], body.attachments, 'message.attachments', LIMITS.files);
  if (ctx.files > LIMITS.files)
    issues.reject(
      [...p, 'files'],
      'message.files.count',
      `at most ${LIMITS.files} files per message, got ${ctx.files}`,
    );

  validateAllowedMentions(body.allowed_mentions, [...p, 'allowed_mentions'], issues);

  if (ctx.kind === 'create') {
    const hasContent = typeof body.content === 'string' && body.content.trim().length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasOther = body.poll != null || (Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0);
    if (
      !hasContent &&
      embeds.length === 0 &&
      !hasComponents &&
      attachments.length === 0 &&
      ctx.files === 0 &&
      !hasOther
    ) {
      issues.list.push({
        path: p,
        rule: 'message.empty',
        message: `${formatPath(p) || '(body)'}: Cannot send an empty message (no content, embeds, components or files)`,
        rejects: true,
        discordCode: 50006,
      });
    }
  }
  return issues.list;
}

function validateAllowedMentions(value: unknown, path: PathSegment[], issues: Issues): void {
  if (value === undefined || value === null) {
    issues.policy(
      path,
      'allowed_mentions.missing',
      'allowed_mentions is missing: mentions in the text (@everyone, <@id>, <@&role>) would ping. Send allowed_mentions: { parse: [] } (e.g. client option allowedMentions: { parse: [] })',
    );
    return;
  }
  if (!isRecord(value)) {
    issues.reject(path, 'allowed_mentions.type', 'must be an object', 'DICT_TYPE_CONVERT');
    return;
  }
  const parse = value.parse;
  if (parse !== undefined && parse !== null) {
    if (!Array.isArray(parse)) {
      issues.reject([...path, 'parse'], 'allowed_mentions.parse.type', 'must be an array');
    } else {
      parse.forEach((entry, i) => {
        if (entry !== 'users' && entry !== 'roles' && entry !== 'everyone') {
          issues.reject(
            [...path, 'parse', i],
            'allowed_mentions.parse.value',
            `invalid value ${JSON.stringify(entry)}`,
            'BASE_TYPE_CHOICES',
          );
        }
      });
      if (parse.length > 0) {
        issues.policy(
          [...path, 'parse'],
          'allowed_mentions.parse.not-empty',
          `parse must be empty (no pings), got ${JSON.stringify(parse)}`,
        );
      }
    }
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = issues.array([...path, kind], value[kind], `allowed_mentions.${kind}`, LIMITS.allowedMentionsIds);
    if (ids.length > 0) {
      if (Array.isArray(parse) && parse.includes(kind)) {
        issues.reject(
          [...path, kind],
          `allowed_mentions.${kind}.exclusive`,
          `parse contains "${kind}" and ${kind} is non-empty: these are mutually exclusive`,
        );
      }
      issues.policy(
        [...path, kind],
        `allowed_mentions.${kind}.not-empty`,
        `lists ${ids.length} ${kind} to ping; this bot must not ping anyone`,
      );
    }
  }
  if (value.replied_user === true) {
    issues.policy(
      [...path, 'replied_user'],
      'allowed_mentions.replied_user',
      'replied_user: true pings the author of the replied-to message',
    );
  }
}

/** Validates embeds (each embed's limits and the 6000-character total across all of them). */
export function validateEmbeds(embeds: unknown[], path: PathSegment[], issues: Issues = new Issues()): Issue[] {
  let total = 0;
  embeds.forEach((embed, i) => {
    const ep = [...path, i];
    if (!isRecord(embed)) {
      issues.reject(ep, 'embed.type', 'embed must be an object', 'DICT_TYPE_CONVERT');
      return;
    }
    total += issues.string([...ep, 'title'], embed.title, 'embed.title', LIMITS.embedTitle);
    total += issues.string([...ep, 'description'], embed.description, 'embed.description', LIMITS.embedDescription);
    issues.url([...ep, 'url'], embed.url, 'embed.url', false);
    issues.integer([...ep, 'color'], embed.color, 'embed.color', 0, 0xffffff);
    if (embed.timestamp !== undefined && embed.timestamp !== null) {
      if (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp))) {
        issues.reject(
          [...ep, 'timestamp'],
          'embed.timestamp',
          `is not an ISO8601 timestamp: ${JSON.stringify(embed.timestamp)}`,
          'DATE_TYPE_PARSE',
        );
      }
    }
    if (embed.footer !== undefined && embed.footer !== null) {
      if (!isRecord(embed.footer)) issues.reject([...ep, 'footer'], 'embed.footer.type', 'must be an object');
      else {
        total += issues.string(
          [...ep, 'footer', 'text'],
          embed.footer.text,
          'embed.footer.text',
          LIMITS.embedFooterText,
          { min: 1 },
        );
        issues.url([...ep, 'footer', 'icon_url'], embed.footer.icon_url, 'embed.footer.icon_url', false);
      }
    }
    if (embed.author !== undefined && embed.author !== null) {
      if (!isRecord(embed.author)) issues.reject([...ep, 'author'], 'embed.author.type', 'must be an object');
      else {
        total += issues.string(
          [...ep, 'author', 'name'],
          embed.author.name,
          'embed.author.name',
          LIMITS.embedAuthorName,
          { min: 1 },
        );
        issues.url([...ep, 'author', 'url'], embed.author.url, 'embed.author.url', false);
        issues.url([...ep, 'author', 'icon_url'], embed.author.icon_url, 'embed.author.icon_url', false);
      }
    }
    for (const media of ['image', 'thumbnail'] as const) {
      const m = embed[media];
      if (m === undefined || m === null) continue;
      if (!isRecord(m)) issues.reject([...ep, media], `embed.${media}.type`, 'must be an object');
      else issues.url([...ep, media, 'url'], m.url, `embed.${media}.url`, true);
    }
    const fields = issues.array([...ep, 'fields'], embed.fields, 'embed.fields', LIMITS.embedFields);
    fields.forEach((field, j) => {
      const fp = [...ep, 'fields', j];
      if (!isRecord(field)) {
        issues.reject(fp, 'embed.field.type', 'field must be an object');
        return;
      }
      total += issues.string([...fp, 'name'], field.name, 'embed.field.name', LIMITS.embedFieldName, { min: 1 });
      total += issues.string([...fp, 'value'], field.value, 'embed.field.value', LIMITS.embedFieldValue, { min: 1 });
    });
  });
  if (total > LIMITS.embedTotal) {
    issues.reject(
      path,
      'embed.total.length',
      `embeds total ${total} characters across title/description/fields/footer/author (max ${LIMITS.embedTotal})`,
      'MAX_EMBED_SIZE_EXCEEDED',
    );
  }
  return issues.list;
}

const SELECT_TYPES = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/** Validates a message's `components` (classic action rows, or Components V2 when `v2`). */
export function validateMessageComponents(
  components: unknown,
  v2: boolean,
  path: PathSegment[],
  issues: Issues = new Issues(),
): Issue[] {
  const customIds = new Map<string, PathSegment[]>();
  const noteCustomId = (value: unknown, p: PathSegment[]) => {
    if (typeof value !== 'string') return;
    const first = customIds.get(value);
    if (first)
      issues.reject(
        p,
        'component.custom_id.duplicate',
        `custom_id ${JSON.stringify(value)} is used twice in one message (first at ${formatPath(first)})`,
        'COMPONENT_CUSTOM_ID_DUPLICATED',
      );
    else customIds.set(value, p);
  };

  const checkInteractive = (c: Record<string, unknown>, p: PathSegment[]) => {
    if (c.type === ComponentType.Button) validateButton(c, p, issues, noteCustomId);
    else if (typeof c.type === 'number' && SELECT_TYPES.has(c.type)) validateSelect(c, p, issues, noteCustomId);
    else
      issues.reject(
        p,
        'component.row-child.type',
        `type ${String(c.type)} is not allowed in a message action row`,
        'COMPONENT_TYPE_INVALID',
      );
  };

  const checkRow = (row: unknown, p: PathSegment[]) => {
    if (!isRecord(row) || row.type !== ComponentType.ActionRow) {
      issues.reject(
        p,
        'component.row.type',
        'top-level components must be action rows (type 1)',
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      );
      return;
    }
    const children = issues.array(
      [...p, 'components'],
      row.components,
      'component.row.components',
      LIMITS.componentsPerRow,
      1,
    );
    const hasSelect = children.some((c) => isRecord(c) && typeof c.type === 'number' && SELECT_TYPES.has(c.type));
    if (hasSelect && children.length > 1) {
      issues.reject(
        [...p, 'components'],
        'component.row.select-alone',
        'a select menu must be alone in its action row',
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      );
    }
    children.forEach((c, i) => {
      if (!isRecord(c)) issues.reject([...p, 'components', i], 'component.type', 'component must be an object');
      else checkInteractive(c, [...p, 'components', i]);
    });
  };

  if (!v2) {
    const rows = issues.array(path, components, 'message.components', LIMITS.actionRows);
    rows.forEach((row, i) => checkRow(row, [...path, i]));
    return issues.list;
  }

  // Components V2: a tree of layout and content components.
  const top = issues.array(path, components, 'message.components', LIMITS.componentsV2Total);
  let count = 0;
  let text = 0;
  const walk = (c: unknown, p: PathSegment[]) => {
    count += 1;
    if (!isRecord(c)) {
      issues.reject(p, 'component.type', 'component must be an object');
      return;
    }
    switch (c.type) {
      case ComponentType.ActionRow:
        count += Array.isArray(c.components) ? c.components.length : 0;
        checkRow(c, p);
        break;
      case ComponentType.Section:
        issues
          .array([...p, 'components'], c.components, 'component.section.components', 3, 1)
          .forEach((x, i) => walk(x, [...p, 'components', i]));
        if (isRecord(c.accessory)) {
          count += 1;
          if (c.accessory.type === ComponentType.Button)
            validateButton(c.accessory, [...p, 'accessory'], issues, noteCustomId);
        } else issues.reject([...p, 'accessory'], 'component.section.accessory', 'is required', 'BASE_TYPE_REQUIRED');
        break;
      case ComponentType.Container:
        issues
          .array([...p, 'components'], c.components, 'component.container.components', LIMITS.componentsV2Total, 1)
          .forEach((x, i) => walk(x, [...p, 'components', i]));
        break;
      case ComponentType.TextDisplay:
        text += issues.string([...p, 'content'], c.content, 'component.text_display.content', LIMITS.textDisplayTotal, {
          min: 1,
        });
        break;
      case ComponentType.Thumbnail:
      case ComponentType.MediaGallery:
      case ComponentType.File:
      case ComponentType.Separator:
        break;
      default:
        issues.reject(
          p,
          'component.type',
          `component type ${String(c.type)} is not allowed in a message`,
          'COMPONENT_TYPE_INVALID',
        );
    }
  };
  top.forEach((c, i) => walk(c, [...path, i]));
  if (count > LIMITS.componentsV2Total)
    issues.reject(path, 'component.v2.total', `at most ${LIMITS.componentsV2Total} components in total, got ${count}`);
  if (text > LIMITS.textDisplayTotal)
    issues.reject(
      path,
      'component.v2.text-total',
      `text displays total ${text} characters (max ${LIMITS.textDisplayTotal})`,
    );
  return issues.list;
}

function validateButton(
  b: Record<string, unknown>,
  p: PathSegment[],
  issues: Issues,
  noteCustomId: (v: unknown, p: PathSegment[]) => void,
): void {
  const style = b.style;
  if (typeof style !== 'number' || style < ButtonStyle.Primary || style > ButtonStyle.Premium) {
    issues.reject(
      [...p, 'style'],
      'button.style',
      `invalid button style ${JSON.stringify(style)}`,
      'BASE_TYPE_CHOICES',
    );
    return;
  }
  issues.string([...p, 'label'], b.label, 'button.label', LIMITS.buttonLabel);
  if (style === ButtonStyle.Link) {
    issues.url([...p, 'url'], b.url, 'button.link.url', true);
    if (b.custom_id !== undefined)
      issues.reject(
        [...p, 'custom_id'],
        'button.link.custom_id',
        'link buttons cannot have a custom_id',
        'BUTTON_COMPONENT_CUSTOM_ID_INVALID',
      );
  } else if (style === ButtonStyle.Premium) {
    if (typeof b.sku_id !== 'string')
      issues.reject([...p, 'sku_id'], 'button.premium.sku_id', 'premium buttons need a sku_id', 'BASE_TYPE_REQUIRED');
    for (const k of ['custom_id', 'url', 'label', 'emoji']) {
      if (b[k] !== undefined) issues.reject([...p, k], 'button.premium.field', `premium buttons cannot have ${k}`);
    }
    return;
  } else {
    issues.string([...p, 'custom_id'], b.custom_id, 'button.custom_id', LIMITS.customId, { min: 1 });
    if (b.url !== undefined)
      issues.reject(
        [...p, 'url'],
        'button.url',
        'only link buttons (style 5) can have a url',
        'BUTTON_COMPONENT_URL_INVALID',
      );
    noteCustomId(b.custom_id, [...p, 'custom_id']);
  }
  const hasLabel = typeof b.label === 'string' && b.label.length > 0;
  if (!hasLabel && !isRecord(b.emoji))
    issues.reject(p, 'button.label-or-emoji', 'a button needs a label or an emoji', 'BUTTON_COMPONENT_LABEL_REQUIRED');
}

function validateSelect(
  s: Record<string, unknown>,
  p: PathSegment[],
  issues: Issues,
  noteCustomId: (v: unknown, p: PathSegment[]) => void,
): void {
  issues.string([...p, 'custom_id'], s.custom_id, 'select.custom_id', LIMITS.customId, { min: 1 });
  noteCustomId(s.custom_id, [...p, 'custom_id']);
  issues.string([...p, 'placeholder'], s.placeholder, 'select.placeholder', LIMITS.selectPlaceholder);
  issues.integer([...p, 'min_values'], s.min_values, 'select.min_values', 0, 25);
  issues.integer([...p, 'max_values'], s.max_values, 'select.max_values', 1, 25);
  const min = typeof s.min_values === 'number' ? s.min_values : 1;
  const max = typeof s.max_values === 'number' ? s.max_values : 1;
  if (min > max) issues.reject([...p, 'min_values'], 'select.min-max', `min_values (${min}) > max_values (${max})`);
  if (s.type !== ComponentType.StringSelect) return;
  const options = issues.array([...p, 'options'], s.options, 'select.options', LIMITS.selectOptions, 1);
  if (max > options.length && options.length > 0)
    issues.reject(
      [...p, 'max_values'],
      'select.max_values.options',
      `max_values (${max}) exceeds the number of options (${options.length})`,
    );
  const values = new Set<unknown>();
  let defaults = 0;
  options.forEach((o, i) => {
    const op = [...p, 'options', i];
    if (!isRecord(o)) {
      issues.reject(op, 'select.option.type', 'option must be an object');
      return;
    }
    issues.string([...op, 'label'], o.label, 'select.option.label', LIMITS.selectOptionLabel, { min: 1 });
    issues.string([...op, 'value'], o.value, 'select.option.value', LIMITS.selectOptionValue, { min: 1 });
    issues.string([...op, 'description'], o.description, 'select.option.description', LIMITS.selectOptionDescription);
    if (values.has(o.value))
      issues.reject(
        [...op, 'value'],
        'select.option.value.duplicate',
        `duplicate option value ${JSON.stringify(o.value)}`,
        'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
      );
    values.add(o.value);
    if (o.default === true) defaults += 1;
  });
  if (defaults > max)
    issues.reject([...p, 'options'], 'select.defaults', `${defaults} default options but max_values is ${max}`);
}

// ---------------------------------------------------------------------------------------------------
// Interaction callbacks
// ---------------------------------------------------------------------------------------------------

/** Callback types Discord accepts for each interaction type. */
export const VALID_CALLBACK_TYPES: Record<number, readonly number[]> = {
  [InteractionType.Ping]: [CallbackType.Pong],
  [InteractionType.ApplicationCommand]: [
    CallbackType.ChannelMessageWithSource,
    CallbackType.DeferredChannelMessageWithSource,
    CallbackType.Modal,
    CallbackType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    CallbackType.ChannelMessageWithSource,
    CallbackType.DeferredChannelMessageWithSource,
    CallbackType.DeferredUpdateMessage,
    CallbackType.UpdateMessage,
    CallbackType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [CallbackType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    CallbackType.ChannelMessageWithSource,
    CallbackType.DeferredChannelMessageWithSource,
    CallbackType.DeferredUpdateMessage,
    CallbackType.UpdateMessage,
  ],
};

export interface CallbackCheckContext {
  interactionType: number;
  /** Whether the interaction carries a `message` (components; modals opened from a component). */
  hasMessage: boolean;
  /** For autocomplete: the type of the focused option, if known (3 string, 4 integer, 10 number). */
  focusedOptionType?: number;
  files: number;
}

/** Validates `POST /interactions/{id}/{token}/callback` bodies. */
export function validateCallback(body: unknown, ctx: CallbackCheckContext): Issue[] {
  const issues = new Issues();
  if (!isRecord(body)) {
    issues.reject([], 'callback.body', 'callback body must be a JSON object', 'DICT_TYPE_CONVERT');
    return issues.list;
  }
  const type = body.type;
  const allowed = VALID_CALLBACK_TYPES[ctx.interactionType] ?? [];
  if (typeof type !== 'number' || !allowed.includes(type)) {
    issues.reject(
      ['type'],
      'callback.type',
      `callback type ${JSON.stringify(type)} is not valid for interaction type ${ctx.interactionType} (allowed: ${allowed.join(', ')})`,
      'BASE_TYPE_CHOICES',
    );
    return issues.list;
  }
  if (
    ctx.interactionType === InteractionType.ModalSubmit &&
    !ctx.hasMessage &&
    (type === CallbackType.UpdateMessage || type === CallbackType.DeferredUpdateMessage)
  ) {
    issues.reject(
      ['type'],
      'callback.type.modal-update',
      'UPDATE_MESSAGE/DEFERRED_UPDATE_MESSAGE on a modal submit need a modal opened from a message component',
    );
  }
  const data = body.data;
  switch (type) {
    case CallbackType.ChannelMessageWithSource:
      if (!isRecord(data))
        issues.reject(
          ['data'],
          'callback.data.required',
          'CHANNEL_MESSAGE_WITH_SOURCE needs data',
          'BASE_TYPE_REQUIRED',
        );
      else
        issues.list.push(
          ...validateMessage(data, { kind: 'create', target: 'interaction', files: ctx.files, path: ['data'] }),
        );
      break;
    case CallbackType.UpdateMessage:
      if (isRecord(data))
        issues.list.push(
          ...validateMessage(data, { kind: 'edit', target: 'interaction', files: ctx.files, path: ['data'] }),
        );
      break;
    case CallbackType.DeferredChannelMessageWithSource:
      if (
        isRecord(data) &&
        typeof data.flags === 'number' &&
        (data.flags & ~(MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2)) !==
          0
      ) {
        issues.reject(
          ['data', 'flags'],
          'callback.defer.flags',
          `unsupported flags ${data.flags} on a deferred response`,
        );
      }
      break;
    case CallbackType.ApplicationCommandAutocompleteResult:
      issues.list.push(...validateAutocompleteResult(data, ctx.focusedOptionType));
      break;
    case CallbackType.Modal:
      issues.list.push(...validateModal(data));
      break;
    default:
      break;
  }
  return issues.list;
}

/** Validates autocomplete choices: at most 25, names 1–100, string values ≤ 100, value type matches the option. */
export function validateAutocompleteResult(data: unknown, focusedOptionType?: number): Issue[] {
  const issues = new Issues();
  if (!isRecord(data)) {
    issues.reject(
      ['data'],
      'autocomplete.data.required',
      'autocomplete result needs data.choices',
      'BASE_TYPE_REQUIRED',
    );
    return issues.list;
  }
  const choices = issues.array(['data', 'choices'], data.choices, 'autocomplete.choices', LIMITS.autocompleteChoices);
  choices.forEach((choice, i) => {
    const cp = ['data', 'choices', i];
    if (!isRecord(choice)) {
      issues.reject(cp, 'autocomplete.choice.type', 'choice must be an object');
      return;
    }
    issues.string([...cp, 'name'], choice.name, 'autocomplete.choice.name', LIMITS.choiceName, { min: 1 });
    validateChoiceValue(choice.value, focusedOptionType, [...cp, 'value'], 'autocomplete.choice.value', issues);
  });
  return issues.list;
}

function validateChoiceValue(
  value: unknown,
  optionType: number | undefined,
  path: PathSegment[],
  rule: string,
  issues: Issues,
): void {
  if (typeof value === 'string') {
    issues.string(path, value, rule, LIMITS.choiceStringValue);
    if (optionType === OptionType.Integer || optionType === OptionType.Number) {
      issues.reject(
        path,
        `${rule}.type`,
        `option type ${optionType} needs a numeric choice value, got a string`,
        'NUMBER_TYPE_COERCE',
      );
    }
  } else if (typeof value === 'number') {
    if (optionType === OptionType.String)
      issues.reject(path, `${rule}.type`, 'string option needs a string choice value', 'BASE_TYPE_STRING');
    if (optionType === OptionType.Integer && !Number.isInteger(value))
      issues.reject(path, `${rule}.type`, `integer option needs an integer, got ${value}`, 'NUMBER_TYPE_COERCE');
    if (Math.abs(value) > 2 ** 53) issues.reject(path, `${rule}.range`, 'must be between -2^53 and 2^53');
  } else {
    issues.reject(path, `${rule}.required`, 'choice value must be a string or a number', 'BASE_TYPE_REQUIRED');
  }
}

/** Validates a MODAL callback's data. */
export function validateModal(data: unknown): Issue[] {
  const issues = new Issues();
  if (!isRecord(data)) {
    issues.reject(['data'], 'modal.data.required', 'MODAL needs data', 'BASE_TYPE_REQUIRED');
    return issues.list;
  }
  issues.string(['data', 'custom_id'], data.custom_id, 'modal.custom_id', LIMITS.customId, { min: 1 });
  issues.string(['data', 'title'], data.title, 'modal.title', LIMITS.modalTitle, { min: 1 });
  const ids = new Set<unknown>();
  const checkInput = (c: Record<string, unknown>, p: PathSegment[], labelled: boolean) => {
    issues.string([...p, 'custom_id'], c.custom_id, 'text_input.custom_id', LIMITS.customId, { min: 1 });
    if (ids.has(c.custom_id))
      issues.reject(
        [...p, 'custom_id'],
        'modal.custom_id.duplicate',
        `duplicate custom_id ${JSON.stringify(c.custom_id)}`,
        'COMPONENT_CUSTOM_ID_DUPLICATED',
      );
    ids.add(c.custom_id);
    if (c.type !== ComponentType.TextInput) return;
    if (c.style !== 1 && c.style !== 2)
      issues.reject(
        [...p, 'style'],
        'text_input.style',
        'style must be 1 (short) or 2 (paragraph)',
        'BASE_TYPE_CHOICES',
      );
    if (!labelled) issues.string([...p, 'label'], c.label, 'text_input.label', LIMITS.textInputLabel, { min: 1 });
    issues.integer([...p, 'min_length'], c.min_length, 'text_input.min_length', 0, LIMITS.textInputValue);
    issues.integer([...p, 'max_length'], c.max_length, 'text_input.max_length', 1, LIMITS.textInputValue);
    issues.string([...p, 'value'], c.value, 'text_input.value', LIMITS.textInputValue);
    issues.string([...p, 'placeholder'], c.placeholder, 'text_input.placeholder', LIMITS.textInputPlaceholder);
  };
  const rows = issues.array(['data', 'components'], data.components, 'modal.components', LIMITS.modalComponents, 1);
  rows.forEach((row, i) => {
    const p: PathSegment[] = ['data', 'components', i];
    if (!isRecord(row)) return issues.reject(p, 'modal.component.type', 'must be an object');
    if (row.type === ComponentType.ActionRow) {
      const children = issues.array([...p, 'components'], row.components, 'modal.row.components', 1, 1);
      children.forEach((c, j) => {
        if (!isRecord(c) || c.type !== ComponentType.TextInput)
          issues.reject([...p, 'components', j], 'modal.row.child', 'modal action rows hold exactly one text input');
        else checkInput(c, [...p, 'components', j], false);
      });
    } else if (row.type === ComponentType.Label) {
      issues.string([...p, 'label'], row.label, 'modal.label.label', LIMITS.textInputLabel, { min: 1 });
      issues.string([...p, 'description'], row.description, 'modal.label.description', 100);
      if (!isRecord(row.component))
        issues.reject([...p, 'component'], 'modal.label.component', 'is required', 'BASE_TYPE_REQUIRED');
      else checkInput(row.component, [...p, 'component'], true);
    } else if (row.type !== ComponentType.TextDisplay) {
      issues.reject(
        p,
        'modal.component.type',
        `component type ${String(row.type)} is not allowed at the top of a modal`,
        'COMPONENT_TYPE_INVALID',
      );
    }
  });
  return issues.list;
}

// ---------------------------------------------------------------------------------------------------
// Command registration
// ---------------------------------------------------------------------------------------------------

const CHOICE_TYPES = new Set<number>([OptionType.String, OptionType.Integer, OptionType.Number]);

/** Validates the body of `PUT /applications/{app}[/guilds/{guild}]/commands` (an array of commands). */
export function validateCommandList(body: unknown): Issue[] {
  const issues = new Issues();
  const list = issues.array([], body, 'commands', 200);
  const seen = new Map<string, number>();
  const counts = new Map<number, number>();
  list.forEach((cmd, i) => {
    issues.list.push(...validateCommand(cmd, [i]));
    if (!isRecord(cmd)) return;
    const type = typeof cmd.type === 'number' ? cmd.type : CommandType.ChatInput;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const key = `${type}:${String(cmd.name)}`;
    const first = seen.get(key);
    if (first !== undefined)
      issues.reject(
        [i, 'name'],
        'command.name.duplicate',
        `command ${JSON.stringify(cmd.name)} (type ${type}) is registered twice (also at [${first}])`,
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
      );
    else seen.set(key, i);
  });
  if ((counts.get(CommandType.ChatInput) ?? 0) > LIMITS.chatInputCommands)
    issues.reject([], 'commands.count.chat-input', `at most ${LIMITS.chatInputCommands} slash commands`);
  for (const t of [CommandType.User, CommandType.Message]) {
    if ((counts.get(t) ?? 0) > LIMITS.contextMenuCommands)
      issues.reject(
        [],
        'commands.count.context-menu',
        `at most ${LIMITS.contextMenuCommands} context-menu commands of type ${t}`,
      );
  }
  return issues.list;
}

/** Validates one application command (POST/PATCH body, or an element of the PUT list). */
export function validateCommand(cmd: unknown, path: PathSegment[] = []): Issue[] {
  const issues = new Issues();
  if (!isRecord(cmd)) {
    issues.reject(path, 'command.type', 'command must be an object', 'DICT_TYPE_CONVERT');
    return issues.list;
  }
  const type = cmd.type ?? CommandType.ChatInput;
  if (type === CommandType.ChatInput) {
    checkChatInputName(cmd.name, [...path, 'name'], 'command.name', issues);
    const total = { chars: typeof cmd.name === 'string' ? cmd.name.length : 0 };
    total.chars += issues.string(
      [...path, 'description'],
      cmd.description,
      'command.description',
      LIMITS.commandDescription,
      { min: 1 },
    );
    checkLocalizations(cmd, path, issues, true);
    validateOptions(cmd.options, [...path, 'options'], 0, issues, total);
    if (total.chars > LIMITS.commandTotalChars) {
      issues.reject(
        path,
        'command.total.length',
        `name, description, option names/descriptions and choices total ${total.chars} characters (max ${LIMITS.commandTotalChars})`,
        'APPLICATION_COMMAND_TOO_LARGE',
      );
    }
  } else if (type === CommandType.User || type === CommandType.Message) {
    issues.string([...path, 'name'], cmd.name, 'command.name', LIMITS.commandName, { min: 1 });
    if (typeof cmd.description === 'string' && cmd.description.length > 0) {
      issues.reject(
        [...path, 'description'],
        'command.context-menu.description',
        'user and message commands must have an empty description',
      );
    }
    if (Array.isArray(cmd.options) && cmd.options.length > 0)
      issues.reject(
        [...path, 'options'],
        'command.context-menu.options',
        'user and message commands cannot have options',
      );
  } else if (type !== CommandType.PrimaryEntryPoint) {
    issues.reject(
      [...path, 'type'],
      'command.type',
      `invalid command type ${JSON.stringify(type)}`,
      'BASE_TYPE_CHOICES',
    );
  }
  if (cmd.default_member_permissions !== undefined && cmd.default_member_permissions !== null) {
    if (typeof cmd.default_member_permissions !== 'string' || !/^\d+$/.test(cmd.default_member_permissions)) {
      issues.reject(
        [...path, 'default_member_permissions'],
        'command.default_member_permissions',
        'must be a permission bit string or null',
      );
    }
  }
  return issues.list;
}

function checkChatInputName(name: unknown, path: PathSegment[], rule: string, issues: Issues): void {
  if (typeof name !== 'string') {
    issues.reject(path, `${rule}.required`, 'is required', 'BASE_TYPE_REQUIRED');
    return;
  }
  if (!COMMAND_NAME_REGEX.test(name)) {
    issues.reject(
      path,
      `${rule}.invalid`,
      `${JSON.stringify(name)} must match ${COMMAND_NAME_REGEX.source} (1-32 letters, digits, - or _)`,
      'APPLICATION_COMMAND_INVALID_NAME',
    );
  } else if (name !== name.toLowerCase()) {
    issues.reject(
      path,
      `${rule}.lowercase`,
      `${JSON.stringify(name)} must be lowercase`,
      'APPLICATION_COMMAND_INVALID_NAME',
    );
  }
}

function checkLocalizations(
  obj: Record<string, unknown>,
  path: PathSegment[],
  issues: Issues,
  chatInput: boolean,
): void {
  if (isRecord(obj.name_localizations)) {
    for (const [locale, value] of Object.entries(obj.name_localizations)) {
      if (value === null) continue;
      if (chatInput)
        checkChatInputName(value, [...path, 'name_localizations', locale], 'command.name_localizations', issues);
      else
        issues.string(
          [...path, 'name_localizations', locale],
          value,
          'command.name_localizations',
          LIMITS.commandName,
          { min: 1 },
        );
    }
  }
  if (isRecord(obj.description_localizations)) {
    for (const [locale, value] of Object.entries(obj.description_localizations)) {
      if (value === null) continue;
      issues.string(
        [...path, 'description_localizations', locale],
        value,
        'command.description_localizations',
        LIMITS.commandDescription,
        { min: 1 },
      );
    }
  }
}

function validateOptions(
  options: unknown,
  path: PathSegment[],
  depth: number,
  issues: Issues,
  total: { chars: number },
): void {
  const list = issues.array(path, options, 'command.options', LIMITS.commandOptions);
  const names = new Set<unknown>();
  let sawOptional = false;
  let subs = 0;
  list.forEach((opt, i) => {
    const op = [...path, i];
    if (!isRecord(opt)) {
      issues.reject(op, 'option.type', 'option must be an object');
      return;
    }
    const type = opt.type;
    if (typeof type !== 'number' || type < OptionType.Subcommand || type > OptionType.Attachment) {
      issues.reject([...op, 'type'], 'option.type', `invalid option type ${JSON.stringify(type)}`, 'BASE_TYPE_CHOICES');
      return;
    }
    checkChatInputName(opt.name, [...op, 'name'], 'option.name', issues);
    if (names.has(opt.name))
      issues.reject(
        [...op, 'name'],
        'option.name.duplicate',
        `duplicate option name ${JSON.stringify(opt.name)}`,
        'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
      );
    names.add(opt.name);
    total.chars += typeof opt.name === 'string' ? opt.name.length : 0;
    total.chars += issues.string(
      [...op, 'description'],
      opt.description,
      'option.description',
      LIMITS.commandDescription,
      { min: 1 },
    );
    checkLocalizations(opt, op, issues, true);

    const isSub = type === OptionType.Subcommand || type === OptionType.SubcommandGroup;
    if (isSub) {
      subs += 1;
      if (opt.required)
        issues.reject([...op, 'required'], 'option.sub.required', 'subcommands and groups cannot be required');
      if (type === OptionType.SubcommandGroup) {
        if (depth > 0) issues.reject(op, 'option.group.nesting', 'subcommand groups can only be at the top level');
        const inner = issues.array([...op, 'options'], opt.options, 'option.group.options', LIMITS.commandOptions, 1);
        inner.forEach((s, j) => {
          if (!isRecord(s) || s.type !== OptionType.Subcommand)
            issues.reject(
              [...op, 'options', j],
              'option.group.child',
              'subcommand groups can only contain subcommands',
            );
        });
        validateOptions(opt.options, [...op, 'options'], depth + 1, issues, total);
      } else {
        if (depth > 1) issues.reject(op, 'option.sub.nesting', 'subcommands nest at most inside one group');
        const inner = issues.array([...op, 'options'], opt.options, 'option.sub.options', LIMITS.commandOptions);
        inner.forEach((s, j) => {
          if (isRecord(s) && (s.type === OptionType.Subcommand || s.type === OptionType.SubcommandGroup)) {
            issues.reject(
              [...op, 'options', j],
              'option.sub.child',
              'subcommands cannot contain subcommands or groups',
            );
          }
        });
        validateOptions(opt.options, [...op, 'options'], depth + 1, issues, total);
      }
      return;
    }

    if (opt.required === true) {
      if (sawOptional)
        issues.reject(
          [...op, 'required'],
          'option.required.order',
          'required options must come before optional ones',
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID_ORDER',
        );
    } else sawOptional = true;

    const choices = issues.array([...op, 'choices'], opt.choices, 'option.choices', LIMITS.commandChoices);
    if (choices.length > 0 && !CHOICE_TYPES.has(type))
      issues.reject(
        [...op, 'choices'],
        'option.choices.type',
        'only string, integer and number options can have choices',
      );
    choices.forEach((choice, j) => {
      const cp = [...op, 'choices', j];
      if (!isRecord(choice)) return issues.reject(cp, 'option.choice.type', 'choice must be an object');
      total.chars += issues.string([...cp, 'name'], choice.name, 'option.choice.name', LIMITS.choiceName, { min: 1 });
      if (typeof choice.value === 'string') total.chars += choice.value.length;
      validateChoiceValue(choice.value, type, [...cp, 'value'], 'option.choice.value', issues);
    });
    if (opt.autocomplete === true) {
      if (!CHOICE_TYPES.has(type))
        issues.reject(
          [...op, 'autocomplete'],
          'option.autocomplete.type',
          'only string, integer and number options can autocomplete',
        );
      if (choices.length > 0)
        issues.reject(
          [...op, 'autocomplete'],
          'option.autocomplete.choices',
          'autocomplete and choices are mutually exclusive',
          'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE',
        );
    }
    if (type === OptionType.String) {
      issues.integer([...op, 'min_length'], opt.min_length, 'option.min_length', 0, 6000);
      issues.integer([...op, 'max_length'], opt.max_length, 'option.max_length', 1, 6000);
    } else if (opt.min_length !== undefined || opt.max_length !== undefined) {
      issues.reject(op, 'option.length.type', 'min_length/max_length only apply to string options');
    }
    if (
      (opt.min_value !== undefined || opt.max_value !== undefined) &&
      type !== OptionType.Integer &&
      type !== OptionType.Number
    ) {
      issues.reject(op, 'option.value-range.type', 'min_value/max_value only apply to integer and number options');
    }
  });
  if (subs > 0 && subs !== list.length)
    issues.reject(path, 'option.sub.mixed', 'subcommands/groups cannot be mixed with other options at the same level');
}
