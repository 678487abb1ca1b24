import type { Knowledge } from '../search/knowledge.js';
import { responseKeyPhrases, responsePassages } from './dprkResponse.js';
import { signingPassages } from './whoSigned.js';

/**
 * Works out ahead, in steps, what the statement commands would otherwise work out on their first
 * request after a reload: every statement's signing passages, every response's passages and the phrases quoted in them. On a
 * large corpus each takes seconds; done here, before the new knowledge is swapped in, no request
 * waits for it and the event loop keeps turning.
 */
export async function warmUp(knowledge: Knowledge): Promise<void> {
  const { statements, responses } = knowledge.corpus.registry;
  for (const statement of statements) await signingPassages.warm(knowledge, statement.id);
  for (const response of responses) {
    await responsePassages.warm(knowledge, response);
    await responseKeyPhrases.warm(knowledge, response);
  }
}
