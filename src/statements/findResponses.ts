import type { Passage } from '../search/buildIndex.js';
import { splitSentences } from '../search/sentences.js';
import { dprkSpeaks, dprkVoiceEnd, otherPartySpeaks, type ResponseContext } from './dprkVoice.js';

export { responseContext, type ResponseContext } from './dprkVoice.js';

/** Whether a passage reports North Korea's own words or reaction in the response the context describes. */
export function reportsDprkResponse(passage: Passage, context: ResponseContext): boolean {
  return splitSentences(passage.text).some((sentence) => dprkSpeaks(sentence, context));
}

const QUOTED = /["“]([^"“”]{3,200})["”]/g;

/**
 * Whether a quotation in a sentence where North Korea speaks is North Korea's own: not when another
 * party speaks between the North Korean voice and the quotation
 * ("...as the U.S. and eight other countries condemned ... 'in the strongest possible terms'").
 */
function quotedByDprk(sentence: string, quoteStart: number, context: ResponseContext): boolean {
  const voiceEnd = dprkVoiceEnd(sentence, context);
  if (voiceEnd === null) return false;
  return voiceEnd > quoteStart || !otherPartySpeaks(sentence, voiceEnd, quoteStart);
}

/** Phrases North Korea is quoted as using in these passages, in order, without repeats. */
export function* keyPhrases(
  passages: readonly Passage[],
  max: number,
  context: ResponseContext,
  passagesPerStep = Infinity,
): Generator<void, string[], void> {
  const out: string[] = [];
  for (const [i, passage] of passages.entries()) {
    if (i % passagesPerStep === passagesPerStep - 1) yield;
    for (const sentence of splitSentences(passage.text)) {
      if (!dprkSpeaks(sentence, context)) continue;
      for (const m of sentence.matchAll(QUOTED)) {
        if (!quotedByDprk(sentence, m.index, context)) continue;
        const phrase = m[1]!.trim().replace(/[,.]$/, '');
        if (!out.some((p) => p.toLowerCase() === phrase.toLowerCase())) out.push(phrase);
      }
    }
  }
  // A word or two quoted again inside a longer quotation adds nothing.
  const lower = out.map((p) => p.toLowerCase());
  return out
    .filter((p, i) => p.split(/\s+/).length > 2 || !lower.some((q, j) => j !== i && q.includes(lower[i]!)))
    .slice(0, max);
}
