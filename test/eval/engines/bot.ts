import { findCommand } from '../../../src/commands/index.js';
import { passageKey } from '../../../src/search/buildIndex.js';
import type { EngineFactory } from './engine.js';

/**
 * The bot as a user meets it: the real `ask` command handler (options validated by its own schema),
 * so intent routing (who-signed, responses) and the grading count. Its ranking is the order of the
 * answer's citations, its grade the answer's `match`.
 */
export const botEngine: EngineFactory = async (knowledge) => {
  const ask = findCommand('ask');
  if (!ask) throw new Error('the ask command is missing');
  return {
    name: 'statement-desk (`ask`)',
    rank: async (question, depth) => {
      const answer = ask.run(knowledge, ask.options.parse({ question, limit: depth }));
      return { ranking: answer.citations.map((c) => passageKey(c.articleId, c.paragraph)), grade: answer.match };
    },
  };
};
