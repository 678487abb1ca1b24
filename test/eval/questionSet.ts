import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validateYaml } from '../../src/files/validateYaml.js';
import { CorpusError } from '../../src/files/problems.js';

/** The tag that marks a question the corpus cannot answer. */
export const OUT_OF_CORPUS = 'out-of-corpus';

const answerSchema = z.strictObject({
  article: z.string().min(1),
  /** A short verbatim piece of the paragraph, unique within its article. */
  snippet: z.string().min(8, 'a snippet needs a few words to be unique'),
});

const questionSchema = z
  .strictObject({
    id: z.string().regex(/^[qo]\d{3}$/, 'ids are q### (answerable) or o### (out of corpus)'),
    question: z.string().trim().min(1),
    answers: z.array(answerSchema),
    tags: z.array(z.string().min(1)).min(1),
  })
  .refine((q) => (q.answers.length === 0) === q.tags.includes(OUT_OF_CORPUS), {
    message: `a question has no answers exactly when it is tagged ${OUT_OF_CORPUS}`,
  })
  .refine((q) => q.id.startsWith('o') === q.tags.includes(OUT_OF_CORPUS), {
    message: `o### ids are for ${OUT_OF_CORPUS} questions, q### for answerable ones`,
  });

const questionSetSchema = z
  .strictObject({ questions: z.array(questionSchema).min(1) })
  .superRefine(({ questions }, ctx) => {
    const seen = new Set<string>();
    questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate id ${q.id}` });
      seen.add(q.id);
    });
  });

export type EvalAnswer = z.infer<typeof answerSchema>;
export type EvalQuestionSpec = z.infer<typeof questionSchema>;

export const QUESTIONS_FILE = 'test/eval/questions.yaml';
/** Questions written later, from the articles alone, to tune on (never reported as held out). */
export const DEV_QUESTIONS_FILE = 'test/eval/dev-questions.yaml';
/** Questions written after all tuning by someone who had seen neither the other sets nor the code: reported, never tuned on. */
export const FRESH_QUESTIONS_FILE = 'test/eval/fresh-questions.yaml';
/** Sets written from the articles alone, one per round, by authors who saw only test/eval/AUTHORING.md and the articles. */
export const SETS_DIR = 'test/eval/sets';

/** Reads and validates the question set; every problem is reported with its line. */
export function loadQuestionSet(file = QUESTIONS_FILE): EvalQuestionSpec[] {
  const result = validateYaml(readFileSync(file, 'utf8'), questionSetSchema, file);
  if ('problems' in result) throw new CorpusError(result.problems);
  return result.value.questions;
}
