import { z } from 'zod';
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.js';
import { cite } from '../answer/cite.js';
import { SEARCH } from '../config/constants.js';
import { formatPublished } from '../corpus/published.js';
import type { Knowledge } from '../search/knowledge.js';
import type { PassageHit } from '../search/searchPassages.js';
import { searchPassages } from '../search/searchPassages.js';
import { suggestQuestions } from '../search/suggestQuestions.js';
import { detectIntent } from '../statements/detectIntent.js';
import { splitSentences } from '../statements/extractionRules.js';
import { resolveStatement } from '../statements/resolveStatement.js';
import { defineCommand } from './command.js';
import { answerDprkResponse } from './dprk-response.js';
import { limitSchema, offsetSchema, paginate, privateOption } from './options.js';
import { answerWhoSigned } from './who-signed.js';

export const questionSchema = z
  .string({ message: 'a question is required' })
  .trim()
  .min(1, 'the question is empty: type what you want to know')
  .max(SEARCH.maxQueryLength, `the question is too long: keep it under ${SEARCH.maxQueryLength} characters`);

/** The sentence of the best passage that matches the question most, as a quotable lead. */
function leadSentence(hit: PassageHit): string {
  let offset = 0;
  let best = { sentence: hit.passage.text, matched: -1 };
  for (const sentence of splitSentences(hit.passage.text)) {
    const start = hit.passage.text.indexOf(sentence, offset);
    const end = start + sentence.length;
    offset = end;
    const matched = hit.highlights.filter(([a, b]) => a >= start && b <= end).length;
    if (matched > best.matched) best = { sentence, matched };
  }
  const { outlet, published } = hit.passage;
  return `${outlet} (${formatPublished(published)}): “${best.sentence.replace(/^["“]|["”]$/g, '')}” [1]`;
}

/** Answers a free question: who-signed and response questions the way those commands do, anything else by passage search. */
export function answerQuestion(knowledge: Knowledge, question: string, limit: number, offset = 0): Answer {
  const registry = knowledge.corpus.registry;
  const intent = detectIntent(question);
  if (intent !== 'search') {
    const resolution = resolveStatement(registry, question);
    if (resolution.kind === 'resolved') {
      return intent === 'who-signed'
        ? answerWhoSigned(knowledge, resolution.statement, question, 'ask')
        : answerDprkResponse(knowledge, resolution.statement, question, { offset, limit, command: 'ask' });
    }
  }
  const hits = searchPassages(knowledge.index, question);
  if (hits.length === 0) {
    return {
      command: 'ask', query: question, statement: null, citations: [],
      lead: 'Nothing in the corpus answers this. Try other words, or see `sources` for what the corpus covers.',
    };
  }
  const { page, total } = paginate(hits, offset, limit);
  return {
    command: 'ask', query: question, statement: null,
    lead: offset === 0 ? leadSentence(hits[0]!) : null,
    citations: cite(page, offset + 1),
    page: { offset, total },
  };
}

export const askCommand = defineCommand({
  name: 'ask',
  summary: 'Ask anything about the statements; answers with the best cited passages',
  definition: {
    name: 'ask',
    description: 'Ask about the joint statements and North Korea’s responses; get cited passages',
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question, e.g. "how many troops did North Korea send?"',
        required: true,
        autocomplete: true,
        max_length: SEARCH.maxQueryLength,
      },
      privateOption,
    ],
  },
  options: z.object({ question: questionSchema, limit: limitSchema.default(SEARCH.defaultLimit), offset: offsetSchema }),
  run: (knowledge, { question, limit, offset }) => answerQuestion(knowledge, question, limit, offset),
  autocomplete: (knowledge, _option, value) => suggestQuestions(knowledge.index, value),
});
