/** `corpus gaps` and `corpus stats` as the terminal prints them. */
import type { GapsReport, PassageCount } from '../usage/gapsReport.js';
import type { StatsReport } from '../usage/statsReport.js';

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const share = (n: number, total: number) => (total === 0 ? '0%' : `${((100 * n) / total).toFixed(1)}%`);
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function passageText(p: PassageCount): string {
  return `${p.articleId} ¶${p.paragraph} (${p.count}×)`;
}

export function renderGapsText(report: GapsReport): string {
  const lines = [
    `Questions the corpus falls short on, last ${plural(report.days, 'day')} (since ${day(report.since)}): ${plural(report.total, 'question')}`,
    'answered "none" or "partial", or voted down; rewordings with the same key concepts count together.',
  ];
  if (report.total === 0) lines.push('', 'None in this period.');
  report.groups.forEach((g, n) => {
    const parts = [`${g.none} none`, `${g.partial} partial`, ...(g.votedDown > 0 ? [`${g.votedDown} voted down`] : [])];
    lines.push(
      '',
      `${String(report.offset + n + 1).padStart(2)}. ${g.count}× “${g.example}”`,
      `    ${parts.join(', ')}; asked ${g.asked}× in all, ${plural(g.wordings, 'wording')}; last ${minute(g.lastAsked)}`,
      `    key concepts: ${g.key}`,
      `    passages it got: ${g.passages.length > 0 ? g.passages.map(passageText).join(', ') : 'none'}`,
    );
  });
  const shown = report.offset + report.groups.length;
  if (shown < report.total)
    lines.push('', `… and ${plural(report.total - shown, 'more question')} (--json lists them all).`);
  return lines.join('\n');
}

export function renderStatsText(report: StatsReport): string {
  const { grades, votes, answers } = report;
  const widest = Math.max(1, ...report.perDay.map((d) => d.answers));
  const lines = [
    `Answers, last ${plural(report.days, 'day')} (since ${day(report.since)}): ${answers.toLocaleString('en-US')}`,
    `  answered ${grades.answered} (${share(grades.answered, answers)}) · partial ${grades.partial} (${share(grades.partial, answers)}) · none ${grades.none} (${share(grades.none, answers)})`,
    `Votes: 👍 ${votes.up} · 👎 ${votes.down} · wrong statement ${votes.wrongStatement}`,
    '',
    'Answers per day (UTC):',
    ...(report.perDay.length > 0
      ? report.perDay.map(
          (d) =>
            `  ${d.day}  ${String(d.answers).padStart(5)}  ${'#'.repeat(Math.max(1, Math.round((30 * d.answers) / widest)))}`,
        )
      : ['  none']),
    '',
    'Most cited passages:',
    ...(report.mostCited.length > 0
      ? report.mostCited.map((p) => `  ${String(p.count).padStart(5)}×  ${p.articleId} ¶${p.paragraph}`)
      : ['  none']),
    '',
    'Commands, slowest first (ms: p95 · mean · max):',
    ...(report.commands.length > 0
      ? report.commands.map(
          (c) =>
            `  ${c.command.padEnd(14)} ${plural(c.answers, 'answer').padStart(14)}   ${c.p95Ms.toFixed(1)} · ${c.meanMs.toFixed(1)} · ${c.maxMs.toFixed(1)}`,
        )
      : ['  none']),
  ];
  return lines.join('\n');
}
