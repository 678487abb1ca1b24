import type { SystemFigures } from './measureSystem.js';
import type { StartedFrom } from './system.js';

/** One system's figures and its start-up, as the table shows them. */
export interface SystemColumn {
  figures: SystemFigures;
  /** `ms` from fork to ready; `openMs` the system's own start (after its modules are loaded). */
  start: { ms: number; openMs: number; from: StartedFrom };
}

interface Row {
  label: string;
  /** The figure to show and to take ratios of, or null when the system has none. */
  value: (column: SystemColumn) => number | null;
  format: (value: number) => string;
  /** A word after the value, such as how the system started. */
  note?: (column: SystemColumn) => string;
}

const ROWS: Row[] = [
  { label: 'corpus load (read + validate)', value: (c) => c.figures.loadMs, format: duration },
  { label: 'index build', value: (c) => c.figures.buildMs, format: duration },
  { label: 'RSS after build', value: (c) => c.figures.rssBytes, format: megabytes },
  { label: 'ask p50', value: (c) => c.figures.askP50Ms, format: duration },
  { label: 'ask p99', value: (c) => c.figures.askP99Ms, format: duration },
  { label: 'reload: longest event-loop block', value: (c) => c.figures.reload.stallMs, format: duration },
  { label: 'reload: start to swap', value: (c) => c.figures.reload.taskMs, format: duration },
  {
    label: 'add one article: longest event-loop block',
    value: (c) => c.figures.add?.stallMs ?? null,
    format: duration,
  },
  { label: 'add one article: start to done', value: (c) => c.figures.add?.taskMs ?? null, format: duration },
  {
    label: 'write the index snapshot',
    value: (c) => c.figures.snapshot?.ms ?? null,
    format: duration,
    note: (c) => (c.figures.snapshot?.by === 'opening' ? 'first start-up: load, build, write' : 'serialise, write'),
  },
  {
    label: 'start-up: open the index (fresh process)',
    value: (c) => c.start.openMs,
    format: duration,
    note: (c) => (c.start.from === 'snapshot' ? 'from snapshot' : 'no snapshot: full build'),
  },
  { label: 'start-up: fork to ready (Node, tsx, modules included)', value: (c) => c.start.ms, format: duration },
];

/** The figures side by side, the first column's system (the bot) against each other one as a ratio. */
export function scaleTable(columns: SystemColumn[]): string[] {
  const [own, ...peers] = columns;
  if (!own) return [];
  const header = [
    '',
    ...columns.map((c) => c.figures.name),
    ...peers.map((p) => `${own.figures.name} / ${p.figures.name}`),
  ];
  const lines = [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:')))];
  for (const r of ROWS) {
    const cells = columns.map((c) => {
      const value = r.value(c);
      if (value === null) return 'n/a';
      return r.note ? `${r.format(value)} (${r.note(c)})` : r.format(value);
    });
    const ratios = peers.map((p) => ratio(r.value(own), r.value(p)));
    lines.push(row([r.label, ...cells, ...ratios]));
  }
  return lines;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function ratio(own: number | null, peer: number | null): string {
  if (own === null || peer === null) return 'n/a';
  if (peer <= 0) return own <= 0 ? '1' : '∞';
  return `${significant(own / peer)}×`;
}

function duration(ms: number): string {
  if (ms >= 1000) return `${significant(ms / 1000)} s`;
  return `${significant(ms)} ms`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

/** Two significant digits (at least the units): enough to compare, no false precision. */
function significant(value: number): string {
  if (value >= 10) return String(Math.round(value));
  return value
    .toPrecision(2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** Each system's slowest questions, one line each, for finding where the p99 comes from. */
export function slowestQuestions(columns: SystemColumn[]): string[] {
  return columns.map(
    (c) => `- ${c.figures.name}: ${c.figures.slowest.map((q) => `${duration(q.ms)} "${q.question}"`).join('; ')}`,
  );
}
