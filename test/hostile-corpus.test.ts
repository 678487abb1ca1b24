/**
 * Hostile corpus files through the CLI, on corpus copies: front matter built to take quadratic time,
 * alias bombs, aliases without anchors, nesting that exhausts the YAML composer. Each is refused with
 * its file, line and reason, on one line, with nothing written; none stalls or crashes a command.
 * The inputs are generated (test/helpers/hostileInputs.ts).
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDir } from './fixtures/corpusFixtures.js';
import { copyCorpus } from './helpers/corpusCopy.js';
import {
  aliasBombArticle,
  articleWith,
  deepFlowArticle,
  deepHtml,
  manyKeysArticle,
  missingAnchorArticle,
} from './helpers/hostileInputs.js';
import { runCli, type CliResult } from './helpers/runCli.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'statement-desk-hostile-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The hostile articles, by file name, and what each one's refusal says (file:line: reason). */
const HOSTILE_YAML: Array<[string, () => string, RegExp]> = [
  // 100,000 keys, about 1.3 MB: 233 s of one synchronous call before, so the test timed out.
  [
    'hostile-many-keys.md',
    () => manyKeysArticle('hostile-many-keys', 100_000),
    /hostile-many-keys\.md:2: \d+(\.\d)? MB of YAML; the limit is 16 KB/,
  ],
  [
    'hostile-forty-keys.md',
    () => manyKeysArticle('hostile-forty-keys', 40),
    /hostile-forty-keys\.md:2: the mapping has 46 keys; the limit is 32/,
  ],
  [
    'hostile-laughs.md',
    () => aliasBombArticle('hostile-laughs', 9, 9),
    /hostile-laughs\.md:\d+: too many aliases: more than 16/,
  ],
  [
    'hostile-compact-bomb.md',
    () => aliasBombArticle('hostile-compact-bomb', 4, 4),
    /hostile-compact-bomb\.md:\d+: invalid YAML: Excessive alias count/,
  ],
  [
    'hostile-no-anchor.md',
    () => missingAnchorArticle('hostile-no-anchor'),
    /hostile-no-anchor\.md:3: invalid YAML: the alias \*nowhere has no anchor/,
  ],
  [
    'hostile-deep.md',
    () => deepFlowArticle('hostile-deep', 5000),
    /hostile-deep\.md:8: nested too deeply: more than 8 levels/,
  ],
];

function expectOneLineRefusal(result: CliResult, reason: RegExp): void {
  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr.trim().split('\n'), 'one line, no stack trace').toHaveLength(1);
  expect(result.stderr).toMatch(/^(refused|broken corpus): /);
  expect(result.stderr).toMatch(reason);
}

describe('hostile YAML', { timeout: 60_000 }, () => {
  it('corpus add refuses each with its file, line and reason, and writes nothing', async () => {
    const dir = await copyCorpus();
    const before = await hashDir(dir);
    const results = await Promise.all(
      HOSTILE_YAML.map(async ([name, make]) => {
        const path = join(scratch, name);
        await writeFile(path, make());
        return runCli(['corpus', 'add', path, '--corpus', dir]);
      }),
    );
    results.forEach((result, i) => expectOneLineRefusal(result, HOSTILE_YAML[i]![2]));
    expect(await hashDir(dir)).toEqual(before);
  });

  it('corpus add refuses an HTML page of 100,000 nested elements with one line, read in a worker (it killed the CLI with a stack overflow)', async () => {
    const dir = await copyCorpus();
    const path = join(scratch, 'deep.html');
    await writeFile(path, deepHtml(100_000));
    const result = await runCli([
      'corpus',
      'add',
      path,
      '--title',
      'Deep',
      '--outlet',
      'Fixture Wire',
      '--published',
      '2025-03-10',
      '--corpus',
      dir,
    ]);
    expectOneLineRefusal(result, /^refused: the page nests its elements more than 256 levels deep/);
  });

  it('in articles/, corpus check lists every one at once, and ask refuses to answer from the broken corpus with one line', async () => {
    const dir = await copyCorpus();
    for (const [name, make] of HOSTILE_YAML) await writeFile(join(dir, 'articles', name), make());
    const [check, ask] = await Promise.all([
      runCli(['corpus', 'check', '--corpus', dir]),
      runCli(['ask', 'who signed the May statement?', '--corpus', dir]),
    ]);
    expect(check.status, check.stderr).toBe(1);
    const lines = check.stderr.trim().split('\n');
    for (const [, , reason] of HOSTILE_YAML)
      expect(
        lines.filter((l) => reason.test(l)),
        String(reason),
      ).toHaveLength(1);
    expect(lines).toHaveLength(HOSTILE_YAML.length);
    // The rest of the corpus is still read and listed.
    expect(check.stdout).toMatch(/^corpus has problems: 5 articles load, 6 files are refused/);
    expectOneLineRefusal(ask, /articles\/hostile-/);
    expect(ask.stdout).toBe('');
    expect((await readdir(join(dir, 'articles'))).length).toBe(5 + HOSTILE_YAML.length);
  });
});

describe('entries of articles/ that are not regular files', { timeout: 60_000 }, () => {
  it('a directory named x.md, a dangling symlink, a FIFO and links out of the corpus are reported, never followed, never waited on', async () => {
    const dir = await copyCorpus();
    const articles = join(dir, 'articles');
    // Outside the corpus: a valid article and a registry, which the links point at.
    const outsideArticle = join(scratch, 'outside-article.md');
    await writeFile(outsideArticle, articleWith('outside-article', ''));
    const outsideRegistry = join(scratch, 'statements.yaml');
    await copyFile(join(dir, 'statements.yaml'), outsideRegistry);
    await mkdir(join(articles, 'x.md'));
    await symlink(join(scratch, 'nothing-here.md'), join(articles, 'dangling.md'));
    await symlink(outsideArticle, join(articles, 'outside-article.md'));
    execFileSync('mkfifo', [join(articles, 'pipe.md')]);
    await rm(join(dir, 'statements.yaml'));
    await symlink(outsideRegistry, join(dir, 'statements.yaml'));

    const [check, sources] = await Promise.all([
      runCli(['corpus', 'check', '--corpus', dir]),
      runCli(['sources', '--json', '--corpus', dir]),
    ]);
    expect(check.status, check.stderr).toBe(1);
    expect(check.stderr.trim().split('\n').sort()).toEqual([
      'articles/dangling.md:1: a symbolic link, not a file: links are never followed',
      'articles/outside-article.md:1: a symbolic link, not a file: links are never followed',
      'articles/pipe.md:1: a named pipe (FIFO), not a file: only regular files are read',
      'articles/x.md:1: a directory, not a file: only regular files are read',
      'statements.yaml:1: a symbolic link, not a file: links are never followed',
    ]);
    expect(check.stdout).toMatch(/^corpus has problems: 5 articles load, 5 files are refused/);
    // The linked article is never served.
    expectOneLineRefusal(sources, /symbolic link/);
    expect(sources.stdout).toBe('');
  });
});
