import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCorpus, loadCorpus } from '../src/corpus/loadCorpus.js';
import { CorpusError } from '../src/files/problems.js';
import { copyCorpus } from './helpers/corpusCopy.js';
import { runCli } from './helpers/runCli.js';

const ARTICLE = 'articles/dw-nato-declaration-response.md';

async function breakFile(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  await writeFile(path, edit(await readFile(path, 'utf8')));
}

describe('corpus validation', () => {
  it('loads the bundled corpus: five articles, four statements, two responses', async () => {
    const corpus = await loadCorpus('corpus');
    expect(corpus.articles.map((a) => a.id).sort()).toEqual([
      'dw-nato-declaration-response',
      'joongang-dprk-criticizes-joint-statement',
      'kyivpost-reckless-provocation',
      'neglobal-troop-deployment-statement',
      'ukrinform-ten-countries-eu-condemn',
    ]);
    expect(corpus.registry.statements.map((s) => s.date)).toEqual([
      '2024-05-31',
      '2024-07-10',
      '2024-11-06',
      '2024-12-16',
    ]);
    expect(corpus.registry.responses.map((r) => r.respondsTo)).toEqual(['nato-2024-07-10', 'joint-2024-12-16']);
    for (const a of corpus.articles) expect(a.paragraphs.length).toBeGreaterThan(5);
  });

  it('names the file, the line and the problem for a bad front-matter value', async () => {
    const dir = await copyCorpus();
    await breakFile(dir, ARTICLE, (t) => t.replace('published: 2024-07-13', 'published: 2024-13-45'));
    const { problems } = await checkCorpus(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: ARTICLE, line: 6 });
    expect(problems[0]!.message).toMatch(/published/);
  });

  it('reports a missing field at the front matter, an unknown key, and invalid YAML', async () => {
    const dir = await copyCorpus();
    await breakFile(dir, ARTICLE, (t) => t.replace(/^outlet: .*\n/m, '').replace('reports:', 'colour: blue\nreports:'));
    await breakFile(dir, 'articles/kyivpost-reckless-provocation.md', (t) =>
      t.replace('title: North', 'title: [North'),
    );
    const { corpus, problems } = await checkCorpus(dir);
    expect(corpus).toBeNull();
    const messages = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toContain(`${ARTICLE}:2: outlet: required field is missing`);
    expect(messages).toContain(`${ARTICLE}:6: colour: unknown field`);
    expect(messages.some((m) => /^articles\/kyivpost-reckless-provocation\.md:\d+: invalid YAML/.test(m))).toBe(true);
  });

  it('rejects references to statements that do not exist, and responses to unknown statements', async () => {
    const dir = await copyCorpus();
    await breakFile(dir, ARTICLE, (t) => t.replace('  - nato-2024-07-10', '  - nato-2099-01-01'));
    await breakFile(dir, 'statements.yaml', (t) =>
      t.replace('respondsTo: joint-2024-12-16', 'respondsTo: joint-2030-01-01'),
    );
    const { problems } = await checkCorpus(dir);
    expect(problems.find((p) => /nato-2099-01-01/.test(p.message))).toMatchObject({ file: ARTICLE, line: 8 });
    const response = problems.find((p) => /joint-2030-01-01/.test(p.message));
    expect(response?.file).toBe('statements.yaml');
    const registryLines = (await readFile(join(dir, 'statements.yaml'), 'utf8')).split('\n');
    expect(registryLines[response!.line - 1]).toContain('respondsTo: joint-2030-01-01');
  });

  it('rejects an article without front matter or paragraphs, and a file not named after its id', async () => {
    const dir = await copyCorpus();
    await writeFile(join(dir, 'articles/no-front-matter.md'), 'Just text.\n');
    await breakFile(dir, 'articles/ukrinform-ten-countries-eu-condemn.md', (t) => t.slice(0, t.indexOf('---', 3) + 4));
    await breakFile(dir, ARTICLE, (t) => t.replace('id: dw-nato-declaration-response', 'id: dw-renamed'));
    const { problems } = await checkCorpus(dir);
    const text = problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
    expect(text).toMatch(/no-front-matter\.md:1: expected front matter/);
    expect(text).toMatch(/ukrinform-ten-countries-eu-condemn\.md:\d+: the article has no paragraphs/);
    expect(text).toMatch(/must be named dw-renamed\.md/);
  });

  it('throws one CorpusError carrying every problem', async () => {
    const dir = await copyCorpus();
    await rm(join(dir, 'statements.yaml'));
    await expect(loadCorpus(dir)).rejects.toBeInstanceOf(CorpusError);
  });

  it('`corpus check` reports all problems at once with exit 1, and passes the bundled corpus', async () => {
    const dir = await copyCorpus();
    await breakFile(dir, ARTICLE, (t) => t.replace('published: 2024-07-13', 'published: yesterday'));
    await breakFile(dir, 'articles/kyivpost-reckless-provocation.md', (t) =>
      t.replace(/^url: .*$/m, 'url: ftp://example.org/x'),
    );
    const broken = await runCli(['corpus', 'check', '--corpus', dir]);
    expect(broken.status).toBe(1);
    const lines = broken.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^articles\/dw-nato-declaration-response\.md:6: published/);
    expect(lines[1]).toMatch(/^articles\/kyivpost-reckless-provocation\.md:5: url/);

    const ok = await runCli(['corpus', 'check']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/corpus OK: 5 articles, \d+ paragraphs, 4 statements, 2 responses/);
  });
});
