import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { buildKnowledge, type Knowledge } from '../../src/search/knowledge.js';
import type { RetrievalEngine } from './engines/index.js';
import { outcomeOf, RANK_DEPTH, type QuestionOutcome } from './metrics.js';
import { loadQuestionSet, QUESTIONS_FILE } from './questionSet.js';
import { resolveAnswers, type EvalQuestion } from './resolveAnswers.js';
import { halfOf, type Half } from './split.js';

/** The corpus, its knowledge and the question sets (pooled) resolved against its paragraphs, loaded once. */
export async function loadEvaluation(
  corpusDir = 'corpus',
  questionsFiles: string | string[] = QUESTIONS_FILE,
): Promise<{ knowledge: Knowledge; questions: EvalQuestion[] }> {
  const knowledge = buildKnowledge(await loadCorpus(corpusDir));
  const specs = [questionsFiles].flat().flatMap((file) => loadQuestionSet(file));
  return { knowledge, questions: resolveAnswers(specs, knowledge.index.ordered) };
}

export function questionsOf(questions: EvalQuestion[], half: Half | 'all'): EvalQuestion[] {
  return half === 'all' ? questions : questions.filter((q) => halfOf(q.id) === half);
}

/** Runs every question through one engine, in question order. */
export async function evaluate(engine: RetrievalEngine, questions: EvalQuestion[]): Promise<QuestionOutcome[]> {
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions)
    outcomes.push(outcomeOf(question, await engine.rank(question.question, RANK_DEPTH)));
  return outcomes;
}
