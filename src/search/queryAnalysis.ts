import { SEARCH } from '../config/constants.js';
import type { PassageIndex } from './buildIndex.js';
import { AUXILIARY_VERBS as AUX, auxiliaryAlternation } from './auxiliaryVerbs.js';
import { allowedTypos, editDistance } from './editDistance.js';
import { wordnetSynonyms } from './wordnet.js';
import { escapeRegExp, longestFirst } from './regex.js';
import {
  analyze,
  analyzeWithOffsets,
  foldText,
  groupConcepts,
  isEnglishWord,
  isFunctionWord,
  processWord,
  searchData,
  WORD,
  type Concept,
} from './textProcessing.js';

/** One thing the question asks about, with the terms that count as a match for it. */
export interface QueryConcept {
  /** Terms that match it, each with the share of the concept's weight a match on it earns. */
  alternatives: Array<{ term: string; factor: number }>;
  /** How informative it is: inverse document frequency over passages. */
  idf: number;
  /** Whether any passage has it. */
  known: boolean;
  /** Whether it is a precise figure ("2023", "10,000"): a year or a number of 100 or more, not a small count. */
  figure?: boolean;
  /** Whether it is a word neither the corpus nor general English knows: most likely a name ("Sweden", "Donbas"). */
  name?: boolean;
  /**
   * Whether its words are a proper name the corpus is not about: a place, person or body it mentions
   * in passing, in few passages (a "Japan" in a list of signatories), or not at all; "Russia" is no
   * passing name in a corpus on Russia. Such a name alone does not make a passage share a question's subject.
   */
  passingName: boolean;
  /** The words of the question it was read from, as typed (for saying what no passage mentions). */
  surface: string;
}

/** A kind of answer the question asks for, and how to tell a passage that can give one. */
export interface AnswerType {
  name: string;
  marks: Set<string>;
  /** Whether a number counts ("10,000"), and whether a number in a date does ("2024", "November 6"). */
  numbers: boolean;
  dates: boolean;
}

export interface AnalyzedQuestion {
  /** The text analysed: the question normalised and spell-corrected (see `readQuestion`). */
  text: string;
  concepts: QueryConcept[];
  /** Quoted phrases of two or more terms, as the term sequence a passage should hold in order. */
  phrases: string[][];
  answerType: AnswerType | null;
  /** "What did X say": the head of X, which must speak in an answering passage (before a verb of saying). */
  speaker: QueryConcept | null;
  /** The other concepts of X ("african" of "the African Union"): an answering passage names them too. */
  speakerModifiers: QueryConcept[];
  /** X as the question words it ("the chinese foreign ministry"), or null. */
  speakerPhrase: string | null;
  /** The terms naming X: an answer is what X said, which need not name X again, so they do not count in coverage. */
  speakerTerms: Set<string>;
  /** "What is the A of B", "who is B's A", "how many A": the concepts of A, which an answering passage must name. */
  focus: QueryConcept[];
  /** The concepts of B, which an answering passage must name near A. */
  focusOf: QueryConcept[];
}

const answerTypes: AnswerType[] = Object.entries(searchData.answerTypes).map(([name, t]) => ({
  name,
  marks: new Set(t.marks.flatMap((m) => analyze(m))),
  numbers: t.numbers,
  dates: t.dates,
}));
// A cue asks for an answer only where a question or clause starts, perhaps after a preposition:
// "when did …", "…: how many …", "on what date …", not "… in December when condemning …".
const answerCues = Object.values(searchData.answerTypes).map(
  (t) =>
    new RegExp(
      `(?:^|[,:;?!.]\\s*|\\band\\s+|\\bso\\s+)(?:(?:on|in|at|by|since|until|from|for)\\s+)?(?:${t.cues.map((c) => escapeRegExp(foldText(c))).join('|')})(?![\\p{L}\\p{N}])`,
      'u',
    ),
);

const alternation = (words: string[]) => longestFirst(words, foldText);

const monthWords = searchData.months.flatMap((m) => searchData.synonyms[m] ?? [m]);
// "early November", "mid-December", "the end of May": the qualifier, right before a month.
const dateQualifier = new RegExp(
  `(?<![\\p{L}])(${alternation(searchData.dateQualifiers)})[\\s-]+(?=(?:${alternation(monthWords)})(?![\\p{L}]))`,
  'gu',
);

/** Inverse document frequency (BM25's, never negative). */
function idfOf(index: PassageIndex, documentFrequency: number): number {
  const n = index.ordered.length;
  return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

function isKnownWord(index: PassageIndex, word: string): boolean {
  if (index.vocabulary.has(word) || isFunctionWord(word) || /\d/.test(word)) return true;
  if (searchData.numbers.words[word] !== undefined || searchData.numbers.multipliers[word] !== undefined) return true;
  const term = processWord(word);
  return term === null || index.documentFrequency.has(term);
}

/** Whether two words differ only by two neighbouring letters swapped ("singed", "signed"). */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/**
 * The corpus word a misspelt word is a near miss of: fewest typos, then the more common word. A word
 * that is itself English ("names", "stake") is a word the user meant, not a typo of a corpus word
 * one letter away ("games", "state"), unless two of its letters are merely swapped ("singed").
 */
function nearestWord(index: PassageIndex, word: string): string | null {
  const english = isEnglishWord(word);
  // A short word that is no English word is a name mistyped ("Rute"): one typo, to a name.
  const shortName = word.length < SEARCH.minTypoWordLength && !english;
  const limit = shortName ? 1 : allowedTypos(word.length);
  let best: { word: string; distance: number; count: number } | null = null;
  const consider = (candidate: string, count: number) => {
    if (Math.abs(candidate.length - word.length) > limit) return;
    if (english && !isSwap(word, candidate)) return;
    if (shortName && isEnglishWord(candidate)) return;
    const distance = editDistance(word, candidate, limit);
    if (distance > limit) return;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && (count > best.count || (count === best.count && candidate < best.word)))
    ) {
      best = { word: candidate, distance, count };
    }
  };
  // Only the words that can be near are read, not the whole vocabulary: for an English word its swaps;
  // else the radix tree's fuzzy look-up, whose distance (no swaps) is at most twice the one here.
  if (/[\uD800-\uDFFF]/.test(word)) for (const [candidate, count] of index.vocabulary) consider(candidate, count);
  else if (english)
    for (const candidate of adjacentSwaps(word)) {
      const count = index.vocabulary.get(candidate);
      if (count !== undefined) consider(candidate, count);
    }
  else for (const [candidate, [count]] of index.vocabulary.fuzzyGet(word, 2 * limit)) consider(candidate, count);
  return (best as { word: string } | null)?.word ?? null;
}

/** The words made by swapping two neighbouring, different letters of `word`. */
function adjacentSwaps(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++)
    if (word[i] !== word[i + 1]) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  return out;
}

/**
 * Replaces each word the corpus does not know by the corpus word it is a near miss of ("decleration"
 * → "declaration", "norht" → "north"). Words the corpus knows, in any inflection, are left alone, as
 * are short words, where a typo is as likely to make another real word.
 */
export function correctSpelling(index: PassageIndex, question: string): string {
  const folded = foldText(question);
  let out = '';
  let last = 0;
  for (const m of folded.matchAll(WORD)) {
    const word = m[0];
    if (
      word.length < SEARCH.minNameTypoLength ||
      (word.length < SEARCH.minTypoWordLength && isEnglishWord(word)) ||
      isKnownWord(index, word)
    )
      continue;
    const fix = nearestWord(index, word);
    if (!fix) continue;
    out += question.slice(last, m.index) + fix;
    last = m.index + word.length;
  }
  return out + question.slice(last);
}

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Index terms an unknown term may stand for, when there are few enough to mean it: terms it begins
 * ("tech" → "technolog"), and terms of the same word family the stemmer left apart ("expand" and
 * "expans", sharing all but their last letters).
 */
function expansionsOf(index: PassageIndex, term: string): string[] {
  if (term.length < SEARCH.minPrefixLength || /^\d/.test(term)) return [];
  // Both kinds share at least the term's first letters but its last few: read only the terms that do.
  const stem = term.slice(0, Math.max(SEARCH.minSharedStem, term.length - SEARCH.maxStemEndingDifference));
  const found = [...index.documentFrequency.atPrefix(stem).keys()].filter((t) => {
    if (t === term || /^\d/.test(t)) return false;
    if (t.startsWith(term)) return true;
    const shared = sharedPrefix(t, term);
    return shared >= SEARCH.minSharedStem && shared >= Math.max(t.length, term.length) - SEARCH.maxStemEndingDifference;
  });
  return found.length <= SEARCH.maxPrefixExpansions ? found.sort() : [];
}

/** The corpus terms of a word's WordNet synonyms (single words only: a phrase's words would each match alone). */
function synonymTerms(index: PassageIndex, word: string): string[] {
  if (!/^\p{L}+$/u.test(word) || isFunctionWord(word)) return [];
  return wordnetSynonyms(word).flatMap((w) => {
    const terms = analyze(w);
    return terms.length === 1 && (index.documentFrequency.get(terms[0]!) ?? 0) > 0 ? terms : [];
  });
}

/**
 * A question concept matches on its first term only: a synonym's canonical term is in every passage
 * one of its phrases is in, and its own words would match too widely ("korea" of "South Korea").
 * An unknown word may stand for a few corpus terms of its family.
 */
function conceptOf(index: PassageIndex, concept: Concept, surface?: string): QueryConcept {
  const df = (t: string) => index.documentFrequency.get(t) ?? 0;
  const term = concept.terms[0]!;
  const alternatives = [{ term, factor: 1 }];
  if (df(term) === 0 && concept.kind === 'word') {
    for (const t of expansionsOf(index, term)) alternatives.push({ term: t, factor: SEARCH.prefixFactor });
  }
  // General English synonyms of the word as typed, for paraphrases ("rebuffed" for "rejected").
  if (concept.kind === 'word' && surface !== undefined) {
    for (const t of synonymTerms(index, surface))
      if (!alternatives.some((a) => a.term === t)) alternatives.push({ term: t, factor: SEARCH.synonymFactor });
  }
  const known = alternatives.filter((a) => df(a.term) > 0);
  // Weighted by how many passage texts use it; a term only in titles counts as used by every passage of its articles.
  const frequency = Math.max(0, ...known.map((a) => index.textFrequency.get(a.term) || df(a.term)));
  const figure = (concept.kind === 'number' || concept.kind === 'date') && Number(term) >= SEARCH.smallestFigure;
  // A name as the corpus writes it, or, for a word it lacks, as no English word.
  const proper = known.length > 0 ? known.every((a) => index.properTerms.has(a.term)) : isProperName(surface ?? term);
  const passingName =
    proper &&
    !known.some((a) => (index.textFrequency.get(a.term) ?? 0) >= SEARCH.topicalNameShare * index.ordered.length);
  const name =
    known.length === 0 &&
    concept.kind === 'word' &&
    surface !== undefined &&
    /^\p{L}+$/u.test(surface) &&
    !isEnglishWord(surface);
  return {
    alternatives,
    idf: idfOf(index, frequency),
    known: known.length > 0,
    figure,
    name,
    passingName,
    surface: surface ?? term,
  };
}

/** Whether every word of a phrase is no English word (a name), apart from its function words ("the", "of"). */
function isProperName(words: string): boolean {
  const content = words.split(/[^\p{L}]+/u).filter((w) => w.length > 0 && !isFunctionWord(w));
  return content.length > 0 && content.every((w) => !isEnglishWord(w));
}

/**
 * Reads a question already normalised and spell-corrected (`readQuestion`): its concepts (synonyms
 * merged), quoted phrases, answer type, speaker and focus.
 */
export function analyzeQuestion(index: PassageIndex, corrected: string): AnalyzedQuestion {
  const folded = foldText(corrected);
  let typeIndex = -1;
  let cue: RegExpExecArray | null = null;
  for (const [i, pattern] of answerCues.entries()) {
    cue = pattern.exec(folded);
    if (cue) {
      typeIndex = i;
      break;
    }
  }
  // The words asking for the kind of answer ("what day of the week") are not what the answer is about,
  // nor are those placing a date in its month ("early November").
  const inCue = (c: { start: number; end: number }) =>
    cue !== null && c.start >= cue.index && c.end <= cue.index + cue[0].length;
  const qualifiers = [...folded.matchAll(dateQualifier)].map((m) => [m.index, m.index + m[1]!.length]);
  const qualifies = (c: { start: number; end: number }) => qualifiers.some(([s, e]) => c.start >= s! && c.end <= e!);
  // Nor is the verb of "what did X say / call": it asks for X's words, which need not use it.
  const speech = speechQuestion.exec(folded);
  const verbStart = speech ? speech.index + speech[0].length - speech.groups!.verb!.length : -1;
  // ("call", "claim" and the like say how X put it, and stay.)
  const isSpeechVerb = (c: { start: number }) =>
    speech !== null &&
    !documentWords.test(speech.groups!.party!) &&
    c.start === verbStart &&
    plainSayingVerbs.test(speech.groups!.verb!);
  const concepts = groupConcepts(analyzeWithOffsets(corrected, { isQuery: true }))
    .filter((c) => !inCue(c) && !qualifies(c) && !isSpeechVerb(c))
    .map((c) => conceptOf(index, c, folded.slice(c.start, c.end).replace(/['.]/g, '')));

  const phrases: string[][] = [];
  for (const m of folded.matchAll(/"([^"]+)"/g)) {
    const quoted = groupConcepts(analyzeWithOffsets(m[1]!));
    const terms = quoted.map((c) => c.terms[0]!);
    if (terms.length >= 2) phrases.push(terms);
    // Words quoted are content even when they would only frame a question elsewhere ("say").
    for (const c of quoted) {
      if (!concepts.some((k) => k.alternatives.some((a) => a.term === c.terms[0]))) concepts.push(conceptOf(index, c));
    }
  }

  return {
    text: corrected,
    concepts,
    phrases,
    answerType: typeIndex === -1 ? null : answerTypes[typeIndex]!,
    ...speakerOf(index, speech?.groups?.party ?? attribution.exec(folded)?.groups?.party),
    ...focusOf(index, folded),
  };
}

const speechQuestion = new RegExp(
  `(?<![\\p{L}])${auxiliaryAlternation([...AUX.do, ...AUX.have, 'would', 'will'])}\\s+(?<party>.+?)\\s+(?<verb>${alternation(searchData.speech.questionVerbs)})(?![\\p{L}])`,
  'u',
);
const plainSayingVerbs = /^(?:say|said|tell|told|state|stated)$/;
const documentWords = new RegExp(`(?<![\\p{L}])(?:${alternation(searchData.speech.documentWords)})(?![\\p{L}])`, 'u');

// "…, according to South Korean intelligence": the party the answer must come from, as in "what did X say".
const attribution = new RegExp(
  `(?<![\\p{L}])according to\\s+(?<party>[^,;:?!.]+?)(?=\\s+(?:what|how|who|which|when|where|why|${auxiliaryAlternation([...AUX.do, ...AUX.be])})(?![\\p{L}])|[,;:?!.]|$)`,
  'u',
);

// "According to the May statement", "in the November 6 statement": a document named as the source of the answer.
const sourceDocument = new RegExp(
  `(?<![\\p{L}])(?:according to|in)\\s+(?<document>(?:the|its|their)\\s+[^,;:?!.]*?(?:${alternation(searchData.speech.documentWords)}))(?![\\p{L}])`,
  'u',
);

/**
 * The words naming the document a question takes its answer from: "the December statement" of
 * "what did the December statement say about …" or "… according to the May statement"; else null.
 */
export function citedDocument(question: string): string | null {
  const folded = foldText(question);
  const party = speechQuestion.exec(folded)?.groups?.party;
  if (party && documentWords.test(party)) return party;
  return sourceDocument.exec(folded)?.groups?.document ?? null;
}

/**
 * "What did X say / call / think" (the question's `speechQuestion` match): the head of X, its last concept before any "of" ("the NATO
 * secretary general" → rutte, "the secretary general of NATO" → general), unless X is a document
 * ("what did the statement say").
 */
function speakerOf(
  index: PassageIndex,
  party: string | undefined,
): {
  speaker: QueryConcept | null;
  speakerModifiers: QueryConcept[];
  speakerTerms: Set<string>;
  speakerPhrase: string | null;
} {
  if (!party || documentWords.test(party))
    return { speaker: null, speakerModifiers: [], speakerTerms: new Set(), speakerPhrase: null };
  const headPhrase = party.split(/\s+of\s+/)[0]!;
  const heads = groupConcepts(analyzeWithOffsets(headPhrase, { isQuery: true }));
  const head = heads[heads.length - 1];
  const all = groupConcepts(analyzeWithOffsets(party, { isQuery: true }));
  return {
    speaker: head ? conceptOf(index, head) : null,
    speakerModifiers: all.filter((c) => c.terms[0] !== head?.terms[0]).map((c) => conceptOf(index, c)),
    speakerTerms: new Set(all.map((c) => c.terms[0]!)),
    speakerPhrase: party.trim(),
  };
}

// "What is the capital of Australia", "who is Canada's foreign minister": the thing asked for (A) of what (B).
const FOCUS_PATTERNS = [
  /(?:^|[^\p{L}])(?:what|who|which)(?:'s| is| are| was| were) (?:the |a |an )?(?<focus>[\p{L}\p{N} -]+?) of (?:the )?(?<of>[\p{L}\p{N} -]+)/u,
  /(?:^|[^\p{L}])(?:what|who|which)(?:'s| is| are| was| were) (?<of>[\p{L}\p{N} -]+?)'s (?<focus>[\p{L}\p{N} -]+)/u,
];

// "How many troops …", "how much gas …": what is counted, up to the verb.
const COUNTED = new RegExp(
  `(?:^|[^\\p{L}])how (?:many|much) (?<focus>[\\p{L}\\p{N} '-]+?) ${auxiliaryAlternation([...AUX.do, ...AUX.have, ...AUX.be, ...AUX.modal])}(?![\\p{L}])`,
  'u',
);

/**
 * What an answer must name: A and B in "what is the A of B" (or "who is B's A"), and what is counted
 * in "how many X …". Empty for other questions.
 */
function focusOf(index: PassageIndex, folded: string): { focus: QueryConcept[]; focusOf: QueryConcept[] } {
  const phrase = (text: string) =>
    groupConcepts(analyzeWithOffsets(text, { isQuery: true })).map((c) => conceptOf(index, c));
  for (const pattern of FOCUS_PATTERNS) {
    const groups = pattern.exec(folded)?.groups;
    if (groups?.focus && groups.of) return { focus: phrase(groups.focus), focusOf: phrase(groups.of) };
  }
  const counted = COUNTED.exec(folded)?.groups?.focus;
  return { focus: counted ? phrase(counted) : [], focusOf: [] };
}
