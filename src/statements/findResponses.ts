import type { Passage } from '../search/buildIndex.js';
import { splitSentences } from '../search/sentences.js';
import { allMatches, extractionRules, phrasePattern } from './extractionRules.js';

const speakers = phrasePattern(extractionRules.dprkSpeakers);
const verbs = phrasePattern(extractionRules.speechVerbs);
const channels = phrasePattern(extractionRules.dprkChannels);
const issuingCues = phrasePattern(extractionRules.issuingCues);

/** Whether a sentence has North Korea speaking: a channel of its own, or a North Korean subject with a verb of saying close after it. */
function dprkSpeaks(sentence: string): boolean {
  if (channels.test(sentence)) return true;
  for (const m of allMatches(speakers, sentence)) {
    const after = sentence.slice(m.index + m[0].length).split(/\s+/).filter(Boolean);
    const window = after.slice(0, extractionRules.speakerVerbGap + 1).join(' ');
    // The verb must come before any other clause starts.
    if (verbs.test(window) && !/[,;:]/.test(window.slice(0, window.search(verbs)))) return true;
  }
  return false;
}

/** Whether a passage reports North Korea's own words or reaction. */
export function reportsDprkResponse(passage: Passage): boolean {
  return splitSentences(passage.text).some(dprkSpeaks);
}

const QUOTED = /["“]([^"“”]{3,200})["”]/g;
const otherParties = phrasePattern(extractionRules.entities.filter((e) => !e.collective).flatMap((e) => e.names));

/** The span of the first North Korean voice in a sentence, or null. */
function dprkVoiceEnd(sentence: string): number | null {
  for (const pattern of [channels, speakers]) {
    const m = pattern.exec(sentence);
    if (m) return m.index + m[0].length;
  }
  return null;
}

/**
 * Whether a quotation in a sentence where North Korea speaks is North Korea's own: not when another
 * party's verb of saying comes between the North Korean voice and the quotation
 * ("...as the U.S. and eight other countries condemned ... 'in the strongest possible terms'").
 */
function quotedByDprk(sentence: string, quoteStart: number): boolean {
  const voiceEnd = dprkVoiceEnd(sentence);
  if (voiceEnd === null || voiceEnd > quoteStart) return voiceEnd !== null;
  const between = sentence.slice(voiceEnd, quoteStart);
  for (const m of allMatches(otherParties, between)) {
    const next = between.slice(m.index + m[0].length);
    if (verbs.test(next) || issuingCues.test(next)) return false;
  }
  return true;
}

/** Phrases North Korea is quoted as using in these passages, in order, without repeats. */
export function keyPhrases(passages: Passage[], max: number): string[] {
  const out: string[] = [];
  for (const passage of passages) {
    for (const sentence of splitSentences(passage.text)) {
      if (!dprkSpeaks(sentence)) continue;
      for (const m of allMatches(QUOTED, sentence)) {
        if (!quotedByDprk(sentence, m.index)) continue;
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
