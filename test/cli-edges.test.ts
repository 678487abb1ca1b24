/**
 * CLI edges: a page past the end, negative numbers for --limit and --offset, a --corpus folder that
 * does not exist, and corpus check reporting an article's references together with its schema errors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyCorpus } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';

const ARTICLE = 'articles/dw-nato-declaration-response.md';

describe('CLI edges', () => {
  it.each([
    [
      ['ask', 'how many troops did North Korea send?', '--offset', '100'],
      /^usage: --offset 100 is past the last passage: this answer has \d+ passages \(--offset 0 to \d+\)/,
    ],
    [['dprk-response', 'NATO declaration', '--offset', '50', '--json'], /^usage: --offset 50 is past the last passage/],
    [['ask', 'troops', '--limit', '-1'], /^usage: limit: limit must be at least 1/],
    [['ask', 'troops', '--offset', '-3'], /^usage: offset: offset must be 0 or more/],
  ])('%j exits 2 with one line in its own words, nothing on stdout', async (args, reason) => {
    const result = await runCli(args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
  });

  it('a page within the answer is still printed, and --stdin reports a line past the end in place', async () => {
    const inside = await runCli([
      'ask',
      'how many troops did North Korea send?',
      '--offset',
      '1',
      '--limit',
      '1',
      '--json',
    ]);
    expect(inside.status, inside.stderr).toBe(0);
    expect((JSON.parse(inside.stdout) as { citations: Array<{ n: number }> }).citations.map((c) => c.n)).toEqual([2]);
    const batch = await runCli(['ask', '--json', '--stdin', '--offset', '100'], {
      stdin: 'how many troops did North Korea send?\nWhat is the boiling point of mercury?\n',
    });
    expect(batch.status, batch.stderr).toBe(0);
    const [first, second] = batch.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { error?: string; lead?: string | null });
    expect(first!.error).toMatch(/--offset 100 is past the last passage: this answer has \d+ passages/);
    // Nothing found is an answer that says so, whatever the offset.
    expect(second!.error).toBeUndefined();
    expect(second!.lead).toBeTruthy();
  });

  it('--corpus naming a folder that does not exist names that folder', async () => {
    const missing = join(await copyCorpus(), 'no-such-corpus');
    for (const args of [
      ['ask', 'troops'],
      ['corpus', 'check'],
    ]) {
      const result = await runCli([...args, '--corpus', missing]);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringContaining(
          `${missing}: no such folder: the corpus is a folder holding statements.yaml and articles/`,
        ),
      ]);
      expect(result.stderr).not.toMatch(/statements\.yaml is missing|missing: the corpus needs/);
    }
  });

  it('corpus check reports an article’s unknown statements with its schema errors, and against a registry with errors of its own', async () => {
    const dir = await copyCorpus();
    const edit = async (file: string, change: (t: string) => string) =>
      writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8')));
    await edit(ARTICLE, (t) =>
      t.replace('published: 2024-07-13', 'published: yesterday').replace('  - nato-2024-07-10', '  - nato-2099-01-01'),
    );
    await edit('articles/kyivpost-reckless-provocation.md', (t) =>
      t.replace('  - dprk-2024-12-19', '  - dprk-2024-12-19\n  - joint-2099-12-16'),
    );
    await edit('statements.yaml', (t) =>
      t.replace(/^(\s+)dateNote:/m, '$1colour: blue\n$1dateNote:').replace("date: '2024-05-31'", "date: '2024-05-32'"),
    );
    const check = await runCli(['corpus', 'check', '--corpus', dir]);
    expect(check.status).toBe(1);
    const lines = check.stderr.trim().split('\n');
    expect(lines.some((l) => /^statements\.yaml:\d+: /.test(l))).toBe(true);
    const dw = lines.filter((l) => l.startsWith(`${ARTICLE}:`));
    expect(dw).toEqual([
      expect.stringMatching(/:6: published: /),
      expect.stringMatching(/:\d+: reports: "nato-2099-01-01" is not a statement or response in statements\.yaml/),
    ]);
    expect(
      lines.some((l) =>
        /^articles\/kyivpost-reckless-provocation\.md:\d+: reports: "joint-2099-12-16" is not a statement or response/.test(
          l,
        ),
      ),
    ).toBe(true);
    // Grouped by file: the registry first, then the articles by name.
    const files = lines.map((l) => l.split(':')[0]!);
    expect(files).toEqual(
      [...files].sort((a, b) => (a === 'statements.yaml' ? -1 : b === 'statements.yaml' ? 1 : a.localeCompare(b))),
    );
  });
});
