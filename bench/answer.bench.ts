import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { findCommand } from '../src/commands/index.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildKnowledge } from '../src/search/knowledge.js';
import { percentile } from './percentile.js';

export const name = 'Knowledge core: corpus load, index build, answer latency';

export default async function run(): Promise<string[]> {
  let started = performance.now();
  const corpus = await loadCorpus('corpus');
  const loadMs = performance.now() - started;
  started = performance.now();
  const knowledge = buildKnowledge(corpus);
  const buildMs = performance.now() - started;

  const questions = (
    parse(await readFile('test/eval/questions.yaml', 'utf8')) as { questions: Array<{ question: string }> }
  ).questions.map((q) => q.question);
  const ask = findCommand('ask')!;
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const question of questions) {
      const t = performance.now();
      ask.run(knowledge, ask.options.parse({ question }));
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  return [
    `corpus load: ${loadMs.toFixed(1)} ms (${corpus.articles.length} articles)`,
    `index build: ${buildMs.toFixed(1)} ms (${knowledge.index.ordered.length} passages)`,
    `ask, ${times.length} answers: median ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
  ];
}
