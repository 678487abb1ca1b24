import { describe, expect, it } from 'vitest';
import type { SystemFigures } from '../bench/scale/measureSystem.js';
import { scaleTable, type SystemColumn } from '../bench/scale/table.js';

function column(name: string, ms: number, add: boolean): SystemColumn {
  const during = { stallMs: ms, taskMs: 2 * ms, asks: 3 };
  const figures: SystemFigures = {
    name,
    loadMs: ms,
    buildMs: 10 * ms,
    rssBytes: 100 * 2 ** 20,
    askP50Ms: ms / 10,
    askP99Ms: ms,
    askCount: 300,
    slowest: [],
    reload: during,
    add: add ? during : null,
    snapshot: { ms, by: add ? 'serialising' : 'opening' },
  };
  return { figures, start: { ms: 2000, openMs: ms, from: add ? 'snapshot' : 'full build' } };
}

describe('the scale bench table', () => {
  const lines = scaleTable([column('bot', 40, false), column('peer', 20, true)]);
  const rowOf = (label: string) => lines.find((line) => line.startsWith(`| ${label} |`));

  it('puts the systems side by side with the ratio of the first to each other one', () => {
    expect(lines[0]).toBe('|  | bot | peer | bot / peer |');
    expect(rowOf('index build')).toBe('| index build | 400 ms | 200 ms | 2× |');
    expect(rowOf('RSS after build')).toBe('| RSS after build | 100 MB | 100 MB | 1× |');
    expect(rowOf('ask p50')).toBe('| ask p50 | 4 ms | 2 ms | 2× |');
  });

  it('says n/a where a system cannot do something, and how each one started', () => {
    expect(rowOf('add one article: longest event-loop block')).toBe(
      '| add one article: longest event-loop block | n/a | 20 ms | n/a |',
    );
    expect(rowOf('start-up: open the index (fresh process)')).toBe(
      '| start-up: open the index (fresh process) | 40 ms (no snapshot: full build) | 20 ms (from snapshot) | 2× |',
    );
    expect(rowOf('start-up: fork to ready (Node, tsx, modules included)')).toContain('| 2 s | 2 s | 1× |');
  });
});
