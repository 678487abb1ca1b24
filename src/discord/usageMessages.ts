/**
 * What `/corpus gaps` and `/corpus stats` show: the question log's reports as ephemeral embeds that
 * fit Discord's limits, paged with buttons (their state, the period and the page, in the custom id).
 * Questions are people's own words: escaped, so they show literally and never format or ping.
 */
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbedField } from 'discord-api-types/v10';
import type { Article } from '../corpus/articleFile.js';
import { DISCORD_LIMITS, PRESENTATION, USAGE } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import { fitDiscordPayload } from '../render/fitDiscordPayload.js';
import { escapeMarkdown, truncate } from '../render/markdown.js';
import type { QuestionLogHealth } from '../usage/answerLog.js';
import type { GapsReport, PassageCount } from '../usage/gapsReport.js';
import type { StatsReport } from '../usage/statsReport.js';
import { encodeCorpusButton, type StatsPage } from './corpusCommands.js';
import { questionLogStatus } from './corpusMessages.js';
import type { BotMessage } from './replies.js';

const FOOTER = `${PRESENTATION.productName} · question log`;
const COLOR = PRESENTATION.embedColor;

const discordTime = (iso: string, style: 'f' | 'R' | 'd' = 'f') => `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const share = (n: number, total: number) => (total === 0 ? '0%' : `${Math.round((100 * n) / total)}%`);
const field = (name: string, value: string, inline = false): APIEmbedField => ({
  name: truncate(name, DISCORD_LIMITS.fieldName),
  value: truncate(value.trim() === '' ? '—' : value, DISCORD_LIMITS.fieldValue),
  inline,
});

function message(
  embed: Parameters<typeof fitDiscordPayload>[0]['embeds'][number],
  buttons: APIButtonComponent[] = [],
): BotMessage {
  const fitted = fitDiscordPayload({
    embeds: [{ footer: { text: FOOTER }, color: COLOR, ...embed }],
    allowed_mentions: { parse: [] },
  });
  return {
    embeds: fitted.embeds,
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
  };
}

/** "Kyiv Post (with AFP), 19 December 2024, ¶5 (3×)", or the id for an article no longer in the corpus. */
export function passageLabel(p: PassageCount, articles: readonly Article[]): string {
  const article = articles.find((a) => a.id === p.articleId);
  const where = article
    ? `${escapeMarkdown(article.outlet)}, ${formatPublished(article.published)}`
    : `\`${p.articleId}\` (no longer in the corpus)`;
  return `${where}, ¶${p.paragraph} (${p.count}×)`;
}

/** Nothing to report because the log is off or failing: say so, and why. */
export function questionLogUnavailable(health: QuestionLogHealth): BotMessage {
  return message({ title: 'No question log', description: `The question log is ${questionLogStatus(health)}` });
}

const button = (label: string, customId: string, disabled = false): APIButtonComponent => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  label,
  custom_id: customId,
  disabled,
});

/** One page of `/corpus gaps`: USAGE.gapsPerPage question groups, with ◀ / ▶ when there are more. */
export function gapsMessage(report: GapsReport, articles: readonly Article[]): BotMessage {
  const pages = Math.max(1, Math.ceil(report.total / USAGE.gapsPerPage));
  const page = Math.floor(report.offset / USAGE.gapsPerPage) + 1;
  const fields = report.groups.map((g, n) => {
    const counts = [`${g.none} none`, `${g.partial} partial`, ...(g.votedDown > 0 ? [`${g.votedDown} 👎`] : [])].join(
      ' · ',
    );
    const got =
      g.passages.length > 0
        ? g.passages.map((p) => `• ${passageLabel(p, articles)}`).join('\n')
        : '• nothing (no passage cited)';
    const example = escapeMarkdown(truncate(g.example.replace(/\s+/g, ' '), 180));
    return field(
      `${report.offset + n + 1}. ${g.count}× “${example}”`,
      `${counts} · asked ${g.asked}× · ${plural(g.wordings, 'wording')} · last ${discordTime(g.lastAsked, 'R')}\nKey concepts: ${escapeMarkdown(g.key)}\nGot:\n${got}`,
    );
  });
  const description =
    report.total === 0
      ? `No question in the last ${plural(report.days, 'day')} was answered “none” or “partial”, or voted down.`
      : `${plural(report.total, 'question')} of the last ${plural(report.days, 'day')} (since ${discordTime(report.since, 'd')}) ${report.total === 1 ? 'was' : 'were'} answered “none” or “partial”, or voted down, most often first; rewordings with the same key concepts count together. Articles answering them would close the gaps. Page ${page} of ${pages}.`;
  const buttons: APIButtonComponent[] = [];
  if (report.total > USAGE.gapsPerPage) {
    buttons.push(
      button(
        '◀ Previous',
        encodeCorpusButton({
          action: 'gaps',
          days: report.days,
          offset: Math.max(0, report.offset - USAGE.gapsPerPage),
        }),
        report.offset === 0,
      ),
    );
    buttons.push(
      button(
        'Next ▶',
        encodeCorpusButton({ action: 'gaps', days: report.days, offset: report.offset + USAGE.gapsPerPage }),
        report.offset + USAGE.gapsPerPage >= report.total,
      ),
    );
  }
  return message({ title: 'Questions the corpus falls short on', description, fields }, buttons);
}

const STATS_PAGES: Array<{ page: StatsPage; label: string }> = [
  { page: 'overview', label: 'Overview' },
  { page: 'cited', label: 'Most cited' },
  { page: 'latency', label: 'Slowest commands' },
];

/** One page of `/corpus stats`: the overview (answers per day, grades, votes), the passages cited most, or the commands by latency. */
export function statsMessage(report: StatsReport, page: StatsPage, articles: readonly Article[]): BotMessage {
  const period = `the last ${plural(report.days, 'day')} (since ${discordTime(report.since, 'd')})`;
  const buttons = STATS_PAGES.map((p) =>
    button(p.label, encodeCorpusButton({ action: 'stats', days: report.days, page: p.page }), p.page === page),
  );
  if (page === 'cited') {
    const lines = report.mostCited.map((p, n) => `${n + 1}. ${passageLabel(p, articles)}`);
    return message(
      {
        title: 'Most cited passages',
        description: `In ${period}:\n${lines.length > 0 ? lines.join('\n') : 'no passage cited.'}`,
      },
      buttons,
    );
  }
  if (page === 'latency') {
    const lines = report.commands.map(
      (c) =>
        `\`${c.command}\` · ${plural(c.answers, 'answer')} · p95 ${c.p95Ms.toFixed(0)} ms · mean ${c.meanMs.toFixed(0)} ms · slowest ${c.maxMs.toFixed(0)} ms`,
    );
    return message(
      {
        title: 'Commands, slowest first',
        description: `Time from the interaction reaching the bot to the answer sent, in ${period}:\n${lines.length > 0 ? lines.join('\n') : 'no answers.'}`,
      },
      buttons,
    );
  }
  const { grades, votes, answers } = report;
  const widest = Math.max(1, ...report.perDay.map((d) => d.answers));
  const days = report.perDay
    .slice(-31)
    .map(
      (d) =>
        `${d.day}  ${String(d.answers).padStart(5)}  ${'▇'.repeat(Math.max(1, Math.round((12 * d.answers) / widest)))}`,
    );
  const earlier = report.perDay.length - days.length;
  return message(
    {
      title: 'Question log statistics',
      description: `${plural(answers, 'answer')} in ${period}.`,
      fields: [
        field(
          'Grades',
          `answered ${grades.answered} (${share(grades.answered, answers)}) · partial ${grades.partial} (${share(grades.partial, answers)}) · none ${grades.none} (${share(grades.none, answers)})`,
        ),
        field('Votes', `👍 ${votes.up} · 👎 ${votes.down} · wrong statement ${votes.wrongStatement}`),
        field(
          'Answers per day (UTC)',
          days.length > 0
            ? `\`\`\`\n${days.join('\n')}\n\`\`\`${earlier > 0 ? `and ${plural(earlier, 'earlier day')} (\`corpus stats --json\` lists them)` : ''}`
            : 'none',
        ),
      ],
    },
    buttons,
  );
}
