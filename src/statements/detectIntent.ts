import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';
import { AUXILIARY_VERBS as AUX, auxiliaryAlternation } from '../search/auxiliaryVerbs.js';
import { escapeRegExp, longestFirst } from '../search/regex.js';
import { foldedWords, foldText, isEnglishWord, isFunctionWord, searchData } from '../search/textProcessing.js';
import { allMatches, phrasePattern } from './extractionRules.js';
import { PARTIES, RESPONDENT } from './parties.js';
import { resolveParty } from './resolveParty.js';

const intents = loadDataFile(
  'intents.yaml',
  z.strictObject({
    whoSigned: z.strictObject({
      asks: z.array(z.string().min(1)),
      groups: z.array(z.string().min(1)),
      groupQuestions: z.array(z.string().min(1)),
      verbs: z.array(z.string().min(1)),
      statementWords: z.array(z.string().min(1)),
      statementQuestions: z.array(z.string().min(1)),
      window: z.number().int().min(1),
      groupWindow: z.number().int().min(1),
    }),
    dprkResponse: z.strictObject({
      cues: z.array(z.string().min(1)),
      dprkNames: z.array(z.string().min(1)),
      otherParties: z.array(z.string().min(1)),
      responderAfter: z.array(z.string().min(1)),
    }),
  }),
);

export type Intent = 'who-signed' | 'dprk-response' | 'search';

const { whoSigned, dprkResponse } = intents;
const asksWho = phrasePattern(whoSigned.asks);

/** Where each of the phrases, split into words, occurs in a word list: [first word, one past the last]. */
function occurrences(words: string[], split: string[][]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let i = 0; i < words.length; i++) {
    for (const phrase of split) {
      if (phrase.length > 0 && phrase.every((w, k) => words[i + k] === w)) found.push([i, i + phrase.length]);
    }
  }
  return found;
}

/** The who-signed phrase lists, each phrase split into its folded words. */
const whoSignedWords = {
  verbs: whoSigned.verbs.map(foldedWords),
  groups: whoSigned.groups.map(foldedWords),
  groupQuestions: whoSigned.groupQuestions.map(foldedWords),
  statementWords: whoSigned.statementWords.map(foldedWords),
};

// A question opened by another wh-word, up to a noun a "who …" clause then describes.
const relativeAfter = /^\W*(?:what|which|when|where|why|how)(?![\p{L}]).*[\p{L}]\s+$/u;

/** Whether `b` starts within `window` words after `a` ends. */
const follows = (a: [number, number], b: [number, number], window: number) => b[0] >= a[1] && b[0] - a[1] < window;

/**
 * A who-signed question asks who issued a statement: "who signed …", "the signatories of …",
 * "which countries joined …", or "did Canada sign the … statement". A question where the
 * signatories do something else ("what did the signatories urge") is not one.
 */
function asksWhoSigned(question: string): boolean {
  const folded = foldText(question);
  // "Who signed" asks, unless a question opened by another wh-word has it as a relative clause
  // ("what is the name of the minister who signed …").
  if (allMatches(asksWho, folded).some((m) => !/^who\b/.test(m[0]) || !relativeAfter.test(folded.slice(0, m.index))))
    return true;
  const words = foldedWords(question);
  const verbs = occurrences(words, whoSignedWords.verbs);
  const groupAsked = occurrences(words, whoSignedWords.groupQuestions).some((q) =>
    occurrences(words, whoSignedWords.groups).some(
      (g) => follows(q, g, whoSigned.groupWindow) && verbs.some((v) => follows(g, v, whoSigned.window)),
    ),
  );
  if (groupAsked) return true;
  if (statementsOfParty.test(folded)) return true;
  // "Did Canada sign the November statement?": a yes/no question whose verb takes the statement.
  const yesNo = yesNoOpening.test(words[0] ?? '');
  const statements = occurrences(words, whoSignedWords.statementWords);
  return yesNo && verbs.some((v) => statements.some((s) => follows(v, s, whoSigned.window)));
}

const AUXILIARY = auxiliaryAlternation([...AUX.do, ...AUX.have, ...AUX.be]);
// The first word of a yes/no question about signing ("did", "was", "has"; "had" does not open one here).
const yesNoOpening = new RegExp(`^${auxiliaryAlternation([...AUX.do, ...AUX.be, 'has', 'have'])}$`);
const signingVerb = `(?:${longestFirst(whoSigned.verbs.map(foldText))})(?![\\p{L}\\p{N}])`;
// "Did New Zealand sign …", "was Japan among the signatories …", "is the UK a signatory …".
const partyThenVerb = new RegExp(`^\\W*${AUXILIARY}\\s+(?<party>.+?)\\s+${signingVerb}`, 'du');
// "Which statements did South Korea sign", "how many of the declarations has Japan joined".
const statementsOfParty = new RegExp(
  `(?<![\\p{L}])(?:${longestFirst(whoSigned.statementQuestions.map(foldText))})\\s+(?:the\\s+)?(?:\\p{L}+\\s+)?(?:${longestFirst(whoSigned.statementWords.map(foldText))})\\s+${AUXILIARY}\\s+(?<party>.+?)\\s+${signingVerb}`,
  'du',
);

// A party is named case-insensitively, except a short code or a name that is also an English word
// ("US" is not "us", "Chad" not "chad"). North Korea is the respondent, not another party.
const entityNames = PARTIES.filter((p) => p.id !== RESPONDENT.id).flatMap((p) => [...p.names, ...p.demonyms]);
const caseSensitiveNames = entityNames.filter(
  (n) =>
    /^\p{Lu}{1,3}$/u.test(n.replace(/\./g, '')) ||
    (!/\s/.test(n) && (isFunctionWord(foldText(n)) || isEnglishWord(foldText(n)))),
);
const partyPatterns = {
  dprk: phrasePattern(dprkResponse.dprkNames),
  other: phrasePattern([
    ...dprkResponse.otherParties,
    ...entityNames.filter((n) => !caseSensitiveNames.includes(n)).map(foldText),
  ]),
  otherExact: new RegExp(
    `(?<![\\p{L}\\p{N}.])(?:${caseSensitiveNames.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
    'u',
  ),
};

/**
 * Whether words in the place of a party name one the bot may not know: a name it knows in another
 * form ("nz") or several fit ("korea"), or a word English does not have ("Narnia"). Pronouns and
 * common nouns are not ("did us sign", "did the ministers sign").
 */
function looksLikeParty(typed: string): boolean {
  const words = foldedWords(typed).filter((w) => w !== 'the');
  if (words.length === 0 || words.length > 4 || words.some(isFunctionWord)) return false;
  const party = resolveParty(typed);
  return (
    party?.kind === 'known' || party?.kind === 'ambiguous' || words.some((w) => !isEnglishWord(w) && !/^\d+$/.test(w))
  );
}

/**
 * The party a who-signed question asks about, as the question writes it: "New Zealand" of "did New
 * Zealand sign the December statement?" or of "which statements did New Zealand sign?". Null when the
 * question names no state or body there ("did the ministers sign it?").
 */
export function partyAsked(question: string): string | null {
  const folded = foldText(question);
  const span = (statementsOfParty.exec(folded) ?? partyThenVerb.exec(folded))?.indices?.groups?.party;
  if (!span) return null;
  const party = folded.slice(...span);
  // Folding keeps every character in place, so the party's span is the same in the question as typed.
  const typed = question.slice(...span);
  const namesParty =
    [partyPatterns.dprk, partyPatterns.other].some((p) => p.test(party)) ||
    (caseSensitiveNames.length > 0 && partyPatterns.otherExact.test(typed));
  return namesParty || looksLikeParty(typed) ? typed : null;
}

const responseCues = phrasePattern(dprkResponse.cues);
const responderAfter = new RegExp(
  `^\\s*(?:${dprkResponse.responderAfter.map(escapeRegExp).join('|')})\\s+(?:the\\s+)?(?:${dprkResponse.dprkNames.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);

// A party right before "to" and the cue: "want Pyongyang to respond", "called on North Korea to reply".
const toInfinitive = new RegExp(`(?:${dprkResponse.dprkNames.map(escapeRegExp).join('|')})\\s+to\\s+$`, 'u');
// A document is a party of its own: "did the 6 November statement say …" asks what the statement says,
// unless it is North Korea's own ("North Korea's statement", "the KCNA statement").
const documentNames = phrasePattern(searchData.speech.documentWords);
const dprkDocument = new RegExp(
  `(?:${dprkResponse.dprkNames.map(escapeRegExp).join('|')})(?:'s)?\\s+(?:\\S+\\s+){0,2}$`,
  'u',
);

/** The party named last before `end`: North Korea, someone else, or nobody. */
function lastPartyBefore(question: string, folded: string, end: number): 'dprk' | 'other' | null {
  let best: { kind: 'dprk' | 'other'; end: number } | null = null;
  const consider = (kind: 'dprk' | 'other', pattern: RegExp, text: string) => {
    for (const m of allMatches(pattern, text)) {
      const stop = m.index + m[0].length;
      // On a tie the longer, later-ending name wins ("North Korea's foreign ministry" over "North Korea").
      if (stop <= end && (!best || stop > best.end)) best = { kind, end: stop };
    }
  };
  for (const m of allMatches(documentNames, folded)) {
    const stop = m.index + m[0].length;
    const kind = dprkDocument.test(folded.slice(0, m.index)) ? 'dprk' : 'other';
    if (stop <= end && (!best || stop > best.end)) best = { kind, end: stop };
  }
  consider('dprk', partyPatterns.dprk, folded);
  consider('other', partyPatterns.other, folded);
  if (caseSensitiveNames.length > 0) consider('other', partyPatterns.otherExact, question);
  return (best as { kind: 'dprk' | 'other' } | null)?.kind ?? null;
}

/**
 * A response question asks how North Korea answered or what it said: its first cue ("respond",
 * "reaction", "say") has North Korea as the responder, the party named last before it or right after
 * it ("the reaction of Pyongyang"). "How did the EU respond to North Korea" is not one.
 */
function asksDprkResponse(question: string): boolean {
  const folded = foldText(question);
  // The first cue is the question's own verb; a later one is part of what it asks about
  // ("how did the EU respond to North Korea's reply").
  const [cue] = allMatches(responseCues, folded);
  if (!cue) return false;
  // "urge Pyongyang to respond": the party is told to respond, not asked about its response.
  if (toInfinitive.test(folded.slice(0, cue.index))) return false;
  const before = lastPartyBefore(question, folded, cue.index);
  return before === 'dprk' || (before === null && responderAfter.test(folded.slice(cue.index + cue[0].length)));
}

/** What a free question asks for: who signed a statement, how North Korea answered one, or anything else. */
export function detectIntent(question: string): Intent {
  if (asksWhoSigned(question)) return 'who-signed';
  if (asksDprkResponse(question)) return 'dprk-response';
  return 'search';
}
