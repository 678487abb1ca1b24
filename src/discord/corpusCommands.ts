/**
 * `/corpus`: the moderators' slash command (its definition, as deploy-commands registers it) and the
 * custom ids of its Confirm / Cancel buttons, which keep their state in the id:
 *
 *   corpus:v1:add:<token>                      Confirm a preview (the token names corpus/.pending/<token>.json)
 *   corpus:v1:add-no:<token>                   Cancel it
 *   corpus:v1:rm:<user>:<issued>:<article>:<sig>  Confirm a removal: who asked, when (base-36 seconds), which
 *                                              article, signed (buttonSignature.ts) so none of it can be forged
 *   corpus:v1:rm-no                            Cancel a removal (nothing to remember)
 *   corpus:v1:gaps:<days>:<offset>             A page of /corpus gaps
 *   corpus:v1:stats:<days>:<page>              A page of /corpus stats (overview, cited, latency)
 *
 * A preview's state is on disk, so Confirm works after a restart; a removal's is all in the id. An
 * article id too long for the 100 characters is carried as `#` and a hash of it, resolved on click.
 */
import { createHash } from 'node:crypto';
import {
  ApplicationCommandOptionType as T,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { DISCORD_LIMITS, IMPORT, USAGE } from '../config/constants.js';
import { SIGNATURE_LENGTH, type ButtonSigner } from './buttonSignature.js';
import { USER_ID } from './buttons.js';

export const CORPUS_COMMAND = 'corpus';
const CORPUS_PREFIX = 'corpus';
const CORPUS_ID_VERSION = 'v1';

const text = (
  name: string,
  description: string,
  extra: Partial<APIApplicationCommandBasicOption> = {},
): APIApplicationCommandBasicOption =>
  ({ type: T.String, name, description, required: false, ...extra }) as APIApplicationCommandBasicOption;

const sub = (
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: T.Subcommand,
  name,
  description,
  options,
});

/** The options a statement and a response share, in the order Discord shows them (required first). */
const entryOptions = (kind: 'statement' | 'response') => ({
  required: [
    text(
      'id',
      kind === 'statement'
        ? 'Lowercase words joined by hyphens, e.g. joint-2025-03-04'
        : 'Lowercase words joined by hyphens, e.g. dprk-2025-03-07',
      { required: true, max_length: 80 },
    ),
    text('title', kind === 'statement' ? 'The statement’s title' : 'What North Korea said, in a line', {
      required: true,
      max_length: 200,
    }),
    text('date', 'When it was issued: YYYY-MM-DD', { required: true, min_length: 10, max_length: 10 }),
    text(
      'issued-by',
      kind === 'statement'
        ? 'Who issued it, e.g. Foreign ministers of ten countries and the EU'
        : 'Who spoke, e.g. North Korea’s foreign ministry (a spokesperson)',
      { required: true, max_length: 300 },
    ),
  ],
  optional: [
    text('aliases', 'Names people will type, separated by semicolons, e.g. March statement; missile statement', {
      max_length: 1000,
    }),
    text('date-note', 'How the date is known, if it needs saying', { max_length: 300 }),
  ],
});

/** The period of /corpus gaps and /corpus stats. */
const daysOption: APIApplicationCommandBasicOption = {
  type: T.Integer,
  name: 'days',
  description: `How many days back (default ${USAGE.defaultReportDays})`,
  required: false,
  min_value: 1,
  max_value: USAGE.maxReportDays,
};

const statementEntry = entryOptions('statement');
const responseEntry = entryOptions('response');

/** The registered definition: Manage Server by default, guilds only; the handler checks again at run time. */
export const corpusDefinition: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: CORPUS_COMMAND,
  description: 'Moderators: add, remove and reload the articles and statements the bot answers from',
  type: ApplicationCommandType.ChatInput,
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
  options: [
    sub('add', 'Add an article from an attached file or a web page; you confirm a preview first', [
      {
        type: T.Attachment,
        name: 'file',
        description: 'The article: .md (corpus format), .txt or .html, up to 4 MB',
        required: false,
      },
      text('url', 'A web page to fetch (or, with a file, the article’s web address)', { max_length: 2000 }),
      text('title', 'The title, if the source does not give it (yours wins)', { max_length: 300 }),
      text('outlet', 'Who published it, e.g. Yonhap (yours wins)', { max_length: 120 }),
      text('published', 'Publication date: YYYY-MM-DD, or YYYY-MM if only the month is known', { max_length: 21 }),
      text('statement', 'Statement and response ids it reports, separated by commas', {
        autocomplete: true,
        max_length: 300,
      }),
    ]),
    sub('remove', 'Remove an article (it goes to the trash); you confirm first', [
      text('article', 'The article to remove', { required: true, autocomplete: true, max_length: 100 }),
    ]),
    sub('restore', 'Bring back a removed article from the trash', [
      text('article', 'The removed article', { required: true, autocomplete: true, max_length: 100 }),
    ]),
    sub('reload', 'Re-read corpus/ from disk after an edit on the server'),
    sub('status', 'Articles, paragraphs, statements, the last change, the index build time and the question log'),
    sub('gaps', 'The questions the bot answered badly or not at all, most often first: what to add', [daysOption]),
    sub('stats', 'Answers per day, the share of each grade, votes, the passages cited most, the slowest commands', [
      daysOption,
    ]),
    {
      type: T.SubcommandGroup,
      name: 'statement',
      description: 'The joint statements the bot knows (statements.yaml)',
      options: [
        sub('add', 'Add a joint statement, so /who-signed and /dprk-response can name it', [
          ...statementEntry.required,
          ...statementEntry.optional,
        ]),
      ],
    },
    {
      type: T.SubcommandGroup,
      name: 'response',
      description: 'North Korea’s responses to the statements (statements.yaml)',
      options: [
        sub('add', 'Add North Korea’s response to a statement', [
          text('responds-to', 'The statement it answers', { required: true, autocomplete: true, max_length: 100 }),
          ...responseEntry.required,
          text('channel', 'Where it was published, e.g. Korean Central News Agency (KCNA)', {
            required: true,
            max_length: 200,
          }),
          ...responseEntry.optional,
        ]),
      ],
    },
  ],
};

// --- custom ids ------------------------------------------------------------------------------------

export type CorpusButton =
  | { action: 'add'; token: string }
  | { action: 'add-no'; token: string }
  | { action: 'rm'; userId: string; issuedAt: number; article: string }
  | { action: 'rm-no' }
  | { action: 'gaps'; days: number; offset: number }
  | { action: 'stats'; days: number; page: StatsPage };

export const STATS_PAGES = ['overview', 'cited', 'latency'] as const;
export type StatsPage = (typeof STATS_PAGES)[number];

const HEAD = `${CORPUS_PREFIX}:${CORPUS_ID_VERSION}:`;
const TOKEN = /^[A-Za-z0-9_-]{16,40}$/;
const ARTICLE = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*|#[\w-]{10})$/;

/** A short stable stand-in for an article id too long to fit a custom id. */
export function articleHash(id: string): string {
  return `#${createHash('sha256').update(id).digest('base64url').slice(0, 10)}`;
}

export function isCorpusCustomId(customId: string): boolean {
  return customId.startsWith(`${CORPUS_PREFIX}:`);
}

/** The custom id for a button; never longer than Discord's 100 characters. A removal's is signed. */
export function encodeCorpusButton(button: Exclude<CorpusButton, { action: 'rm' }>): string;
export function encodeCorpusButton(button: CorpusButton, signer: ButtonSigner): string;
export function encodeCorpusButton(button: CorpusButton, signer?: ButtonSigner): string {
  switch (button.action) {
    case 'add':
    case 'add-no':
      return `${HEAD}${button.action}:${button.token}`;
    case 'rm-no':
      return `${HEAD}rm-no`;
    case 'gaps':
      return `${HEAD}gaps:${button.days}:${button.offset}`;
    case 'stats':
      return `${HEAD}stats:${button.days}:${button.page}`;
    case 'rm': {
      const head = `${button.userId}:${Math.floor(button.issuedAt / 1000).toString(36)}:`;
      const fits =
        HEAD.length + 'rm:'.length + head.length + button.article.length + 1 + SIGNATURE_LENGTH <=
        DISCORD_LIMITS.customId;
      const state = head + (fits ? button.article : articleHash(button.article));
      if (!signer) throw new Error('a removal button is signed: pass the signer');
      return `${HEAD}rm:${state}:${signer.sign(`rm:${state}`)}`;
    }
  }
}

/** The button a custom id encodes, or null when it is not one of ours, from another version, malformed, or not signed by us. */
export function decodeCorpusButton(customId: string, signer: ButtonSigner): CorpusButton | null {
  if (!customId.startsWith(HEAD)) return null;
  const [action, ...rest] = customId.slice(HEAD.length).split(':');
  if ((action === 'add' || action === 'add-no') && rest.length === 1 && TOKEN.test(rest[0]!))
    return { action, token: rest[0]! };
  if (action === 'rm-no' && rest.length === 0) return { action };
  if ((action === 'gaps' || action === 'stats') && rest.length === 2 && /^\d{1,4}$/.test(rest[0]!)) {
    const days = Number(rest[0]);
    if (days < 1 || days > USAGE.maxReportDays) return null;
    if (action === 'gaps' && /^\d{1,6}$/.test(rest[1]!)) return { action, days, offset: Number(rest[1]) };
    if (action === 'stats' && (STATS_PAGES as readonly string[]).includes(rest[1]!))
      return { action, days, page: rest[1] as StatsPage };
  }
  if (action === 'rm' && rest.length === 4) {
    const [userId, issued, article, signature] = rest as [string, string, string, string];
    if (!signer.verify(`rm:${userId}:${issued}:${article}`, signature)) return null;
    if (USER_ID.test(userId) && /^[0-9a-z]{1,10}$/.test(issued) && ARTICLE.test(article)) {
      return { action, userId, issuedAt: parseInt(issued, 36) * 1000, article };
    }
  }
  return null;
}

/** How long a removal's Confirm button works: as long as a preview keeps. */
export const REMOVE_CONFIRM_TTL_MS = IMPORT.pendingTtlMs;

// --- option values ---------------------------------------------------------------------------------

/** `a, b ,c` → ['a', 'b', 'c']: the statement ids an article reports. */
export function splitIds(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}

/** `March statement; missile statement` → the aliases (semicolons, or line breaks, separate them). */
export function splitAliases(value: string | null): string[] {
  return (value ?? '')
    .split(/[;\n]/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}
