import type { Passage } from '../../src/search/buildIndex.js';
import type { EvalQuestionSpec } from './questionSet.js';

/** A question with its answers resolved to the keys of the passages that hold them. */
export interface EvalQuestion {
  id: string;
  question: string;
  tags: string[];
  /** Passage keys ("article#paragraph") that answer it; empty for out-of-corpus questions. */
  relevant: Set<string>;
}

/** Typography and spacing only, so a snippet survives a re-clean of quotes or white space. */
function normalise(text: string): string {
  return text
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Finds the paragraph each snippet quotes. A snippet that matches no paragraph of its article, or
 * more than one, is an error: the set is fixed before the numbers mean anything.
 */
export function resolveAnswers(specs: EvalQuestionSpec[], passages: Passage[]): EvalQuestion[] {
  const byArticle = new Map<string, Passage[]>();
  for (const p of passages) byArticle.set(p.articleId, [...(byArticle.get(p.articleId) ?? []), p]);

  const problems: string[] = [];
  const resolved = specs.map((spec) => {
    const relevant = new Set<string>();
    for (const { article, snippet } of spec.answers) {
      const paragraphs = byArticle.get(article);
      if (!paragraphs) {
        problems.push(`${spec.id}: no article "${article}" in the corpus`);
        continue;
      }
      const needle = normalise(snippet);
      const matches = paragraphs.filter((p) => normalise(p.text).includes(needle));
      if (matches.length !== 1) {
        problems.push(
          `${spec.id}: snippet "${snippet}" matches ${matches.length} paragraphs of ${article} (needs exactly 1)`,
        );
        continue;
      }
      relevant.add(matches[0]!.key);
    }
    return { id: spec.id, question: spec.question, tags: spec.tags, relevant };
  });
  if (problems.length > 0) throw new Error(`The question set does not fit the corpus:\n  ${problems.join('\n  ')}`);
  return resolved;
}
