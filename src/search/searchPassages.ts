import { SEARCH } from '../config/constants.js';
import { SEARCH_FIELDS, type AnalyzedPassage, type Passage, type PassageIndex } from './buildIndex.js';
import { firstStage, type Candidate } from './firstStage.js';
import type { AnalyzedQuestion, AnswerType, QueryConcept } from './queryAnalysis.js';
import { sentenceStarts } from './sentences.js';
import { analyze, searchData, type Token } from './textProcessing.js';

export interface PassageHit {
  passage: Passage;
  score: number;
  /** Share of the question's weight this passage matches (0–1). */
  coverage: number;
  /** Character ranges of the passage that matched the question, for bold text. */
  highlights: Array<[number, number]>;
  /** The question's concepts that count in coverage and that the passage does not have, weightiest first. */
  missing: QueryConcept[];
  /** Whether it matches, by its own word, a concept of the question that is no proper name, or a name the corpus is about: it shares more than a passing place or person with it. */
  matchesContent: boolean;
  /** The share of the question's weight carried by concepts no passage of the corpus has. */
  unknownShare: number;
  /** The share of the question's weight of the weightiest concept no passage of the corpus has (0 when there is none). */
  largestMissing: number;
  /** Whether it holds the kind of answer asked for (a number for "how many"); null when none is asked for. */
  holdsAnswer: boolean | null;
  /** Whether the party a "what did X say" question names speaks in it; null when no speaker is asked about. */
  speaks: boolean | null;
  /** Whether it names what "what is the A of B" or "how many A" asks for (true when the question asks for no such thing). */
  namesFocus: boolean;
}

export interface SearchOptions {
  /** Only passages that pass this test (e.g. from articles about one statement). */
  filter?: (passage: Passage) => boolean;
  /** A factor on a passage's score (e.g. to prefer the articles about the statement a question names). */
  boost?: (passage: Passage) => number;
  /** The largest factor `boost` gives any passage, when the caller knows it (else it is asked of every passage once per search). */
  maxBoost?: number;
  /**
   * Terms that name what the question is about rather than ask about it (the words of a statement the
   * question names, which `boost` already rewards): they weigh SEARCH.namingWeight of their usual weight.
   */
  naming?: ReadonlySet<string>;
  /** How many best-bounded passages the full scorer reads at first (SEARCH.firstStageDepth; Infinity: every passage, as the bench and tests compare). */
  depth?: number;
}

/** How one passage meets one question. */
type Match = Omit<PassageHit, 'passage' | 'highlights'> & {
  /** Terms of the passage that matched, for highlights. */
  terms: Set<string>;
};

const speechTerms = new Set(searchData.speech.verbs.flatMap((v) => analyze(v)));
const voiceTerms = new Set(searchData.speech.voices.flatMap((v) => analyze(v)));
const invertedSpeechTerms = new Set(searchData.speech.inverted.flatMap((v) => analyze(v)));
const statementIssuerTerms = new Set(searchData.speech.statementIssuers.flatMap((v) => analyze(v)));

/**
 * What a concept adds to coverage: its IDF if the corpus has it, a fixed weight if not (often a
 * paraphrase; more for a precise figure or a name, which the question is about); plus a floor, so that the common words of the subject still count for something.
 */
export function coverageWeight(concept: QueryConcept): number {
  const unknown = concept.figure
    ? SEARCH.unknownFigureWeight
    : concept.name
      ? SEARCH.unknownNameWeight
      : SEARCH.unknownConceptWeight;
  return (concept.known ? concept.idf : unknown) + SEARCH.coverageFloor;
}

/** Which tokens of the passage text are the concept (token indexes, ascending), as stored at index time. */
function conceptTokens(analyzed: AnalyzedPassage, concept: QueryConcept): number[] {
  return analyzed.termPositions.tokensOf(concept.alternatives.map((a) => a.term));
}

/** Where in the passage text each concept occurs (token places). */
function conceptPlaces(analyzed: AnalyzedPassage, positions: number[], concept: QueryConcept): number[] {
  return conceptTokens(analyzed, concept).map((i) => positions[i]!);
}

/** Whether the passage holds a quoted phrase's terms in order, each within a step of the last. */
function holdsPhrase(analyzed: AnalyzedPassage, positions: number[], phrase: string[]): boolean {
  const placesOf = (term: string) => new Set(analyzed.termPositions.tokensOf([term]).map((i) => positions[i]!));
  const steps = phrase.map(placesOf);
  return [...steps[0]!].some((start) => {
    let at = start;
    for (const places of steps.slice(1)) {
      const next = [1, 2].map((d) => at + d).find((p) => places.has(p));
      if (next === undefined) return false;
      at = next;
    }
    return true;
  });
}

/** Whether a party's word stands for whoever issued the joint statements ("the allies", "western governments"). */
function isCollective(party: QueryConcept): boolean {
  return party.alternatives.some((a) => statementIssuerTerms.has(a.term));
}

/**
 * Whether the party at token `party` is not the subject of the speech verb after it at token `verb`
 * although near: a clause break between them with another voice after it ("…to Russia, state media
 * said"), or a participle opening a clause of its own ("…between the North and Russia, claiming"),
 * whose subject is the sentence's.
 */
function clauseBetween(analyzed: AnalyzedPassage, party: number, verb: number, text: string): boolean {
  const { tokens } = analyzed;
  const between = text.slice(tokens[party]!.end, tokens[verb]!.start);
  const clause = Math.max(between.lastIndexOf(','), between.lastIndexOf(';'), between.lastIndexOf(':'));
  if (clause === -1) return false;
  if (/ing$/i.test(text.slice(tokens[verb]!.start, tokens[verb]!.end))) return true;
  const clauseStart = tokens[party]!.end + clause;
  return tokens.some((t, k) => k > party && k < verb && t.start > clauseStart && voiceTerms.has(t.term));
}

/**
 * Whether the party at token `party` is the speaker a verb before it names ("…,” said Rutte", "a
 * statement by the ministers"), not a word of what is said ("said that some 200 Russian soldiers").
 */
function namedAfterVerb(analyzed: AnalyzedPassage, verb: number, party: number, text: string): boolean {
  const { tokens } = analyzed;
  return !/\bthat\b|\d|[,;:.!?"“”]/u.test(text.slice(tokens[verb]!.end, tokens[party]!.start));
}

/**
 * Whether a party speaks in the passage: "X said", "X … called", or "…, said X", "a statement by X";
 * or, where X issued what the article reports, X's voice speaks unnamed ("…,” the statement reads",
 * "the spokesman said") in a sentence that names no other issuer before the verb.
 */
function speaksIn(analyzed: AnalyzedPassage, text: string, party: QueryConcept): boolean {
  const { tokens, positions, sentences } = analyzed;
  const named = conceptTokens(analyzed, party);
  const window = searchData.speech.window;
  // "The allies" are whoever issued the statements; otherwise the issuers the party's words name.
  const collective = isCollective(party);
  const own = analyzed.issuers.filter((i) =>
    collective ? i.issued === 'statement' : party.alternatives.some((a) => i.terms.has(a.term)),
  );
  const others = new Set(
    analyzed.issuers
      .filter((i) => !own.includes(i))
      .flatMap((i) => [...i.terms].filter((t) => !own.some((o) => o.terms.has(t)))),
  );
  return tokens.some((t, v) => {
    if (!speechTerms.has(t.term)) return false;
    const verb = positions[v]!;
    const before = (p: number) => p < v && verb - positions[p]! <= window && !clauseBetween(analyzed, p, v, text);
    const after = (p: number) =>
      invertedSpeechTerms.has(t.term) &&
      p > v &&
      positions[p]! - verb <= window - 1 &&
      namedAfterVerb(analyzed, v, p, text);
    if (named.some((p) => before(p) || after(p))) return true;
    if (own.length === 0) return false;
    // Another issuer of the article named earlier in the sentence is the one speaking.
    if (tokens.some((u, j) => j < v && sentences[j] === sentences[v] && others.has(u.term))) return false;
    // Unnamed: "The secluded country … called the document “illegal.”", or through its voice.
    return (
      named.length === 0 ||
      tokens.some((u, j) => voiceTerms.has(u.term) && positions[j]! < verb && verb - positions[j]! <= window)
    );
  });
}

/**
 * Whether the passage text names the thing asked for: every concept of A, close together, and, for
 * "the A of B", some concept of B near it.
 */
function namesFocus(analyzed: AnalyzedPassage, positions: number[], question: AnalyzedQuestion): boolean {
  if (!question.focus.every((c) => c.alternatives.some((a) => analyzed.counts.text.has(a.term)))) return false;
  // The words of one noun phrase ("Ukrainian soldiers") must stand together, in one sentence.
  const [head, ...rest] = question.focus.map((c) => conceptTokens(analyzed, c));
  const near = (i: number, j: number) =>
    analyzed.sentences[i] === analyzed.sentences[j] &&
    Math.abs(positions[i]! - positions[j]!) <= SEARCH.proximityWindow;
  const together = !head || head.some((h) => rest.every((tokens) => tokens.some((t) => near(h, t))));
  if (!together) return false;
  if (question.focusOf.length === 0) return true;
  const focusPlaces = question.focus.flatMap((c) => conceptPlaces(analyzed, positions, c));
  return question.focusOf.some((c) =>
    conceptPlaces(analyzed, positions, c).some((p) =>
      focusPlaces.some((f) => Math.abs(f - p) <= 2 * SEARCH.proximityWindow),
    ),
  );
}

/**
 * Whether the passage names the speaker's modifier ("Japanese" of "the Japanese foreign minister"):
 * next to the speaker in its text, or, when its text does not use the word, in its title or what it is
 * about ("the NATO leaders" in an article about the NATO declaration). A "Japan" further down a list
 * of countries does not count.
 */
function namesModifier(
  analyzed: AnalyzedPassage,
  positions: number[],
  head: QueryConcept,
  modifier: QueryConcept,
): boolean {
  const inText = conceptPlaces(analyzed, positions, modifier);
  if (inText.length === 0)
    return modifier.alternatives.some((a) => analyzed.counts.title.has(a.term) || analyzed.counts.about.has(a.term));
  const heads = conceptPlaces(analyzed, positions, head);
  return inText.some((m) => heads.some((h) => Math.abs(h - m) <= searchData.speech.window));
}

/** The tokens of a passage that can be the kind of answer asked for (a figure for "how many", a date for "when"). */
function answerTokens(analyzed: AnalyzedPassage, type: AnswerType): number[] {
  const holds = (t: Token) =>
    type.marks.has(t.term) || (type.numbers && t.kind === 'number') || (type.dates && t.kind === 'date');
  return analyzed.tokens.flatMap((t, i) => (holds(t) ? [i] : []));
}

/**
 * The span of the passage's sentence that best answers the question, for a quotable lead: the one
 * holding the most question weight, more for holding the kind of answer asked for (the figure of
 * "how many") or a verb of saying when a speaker is asked about, so that the lead quotes the answer
 * and not the sentence that merely repeats the question's words. Worked out for the one passage quoted.
 */
export function bestSentence(index: PassageIndex, question: AnalyzedQuestion, passage: Passage): [number, number] {
  const analyzed = index.analyzed.get(passage.key)!;
  const weightOf = new Map<string, number>();
  for (const concept of question.concepts)
    for (const a of concept.alternatives)
      weightOf.set(a.term, Math.max(weightOf.get(a.term) ?? 0, a.factor * coverageWeight(concept)));
  const answerAt = new Set(question.answerType ? answerTokens(analyzed, question.answerType) : []);
  const bySentence = new Map<number, { terms: Set<string>; answers: boolean; speech: boolean }>();
  analyzed.tokens.forEach((t, i) => {
    const n = analyzed.sentences[i]!;
    const entry = bySentence.get(n) ?? { terms: new Set<string>(), answers: false, speech: false };
    if (weightOf.has(t.term)) entry.terms.add(t.term);
    if (answerAt.has(i)) entry.answers = true;
    if (question.speaker && speechTerms.has(t.term)) entry.speech = true;
    bySentence.set(n, entry);
  });
  const starts = [0, ...sentenceStarts(passage.text), passage.text.length];
  let best = { sentence: 0, value: -1 };
  for (const [sentence, entry] of [...bySentence].sort((a, b) => a[0] - b[0])) {
    const weight = [...entry.terms].reduce((sum, term) => sum + weightOf.get(term)!, 0);
    const value =
      weight * (entry.answers ? 1 + SEARCH.leadAnswerBonus : 1) * (entry.speech ? 1 + SEARCH.leadAnswerBonus : 1);
    if (value > best.value) best = { sentence, value };
  }
  return [starts[best.sentence]!, starts[best.sentence + 1]!];
}

/** Whether the party a "what did X say" question names speaks in the passage (null when it names none). */
function speaksAsAsked(question: AnalyzedQuestion, analyzed: AnalyzedPassage, passage: Passage): boolean | null {
  const speaker = question.speaker;
  if (speaker === null) return null;
  return (
    speaksIn(analyzed, passage.text, speaker) &&
    question.speakerModifiers.every((c) => isCollective(c) || namesModifier(analyzed, analyzed.positions, speaker, c))
  );
}

/** Whether a concept is in the passage at all (text, title or the statement it is about). */
function holdsConcept(analyzed: AnalyzedPassage, concept: QueryConcept): boolean {
  return concept.alternatives.some((a) => SEARCH_FIELDS.some((f) => analyzed.counts[f].has(a.term)));
}

/**
 * Scores one passage: BM25F over the question's concepts (text, title and about fields, boosted),
 * plus a bonus for concepts found close together and for quoted phrases found verbatim, and a
 * little for holding the kind of answer asked for (a number, a date). Also says what the passage
 * lacks for the question to be answered (concepts, the kind of answer, the speaker), for the grade.
 */
function matchPassage(
  index: PassageIndex,
  question: AnalyzedQuestion,
  passage: Passage,
  naming: ReadonlySet<string>,
  speaksOf: (passage: Passage, analyzed: AnalyzedPassage) => boolean | null,
): Match | null {
  const analyzed = index.analyzed.get(passage.key)!;
  const lengthNorm = 1 - SEARCH.bm25.b + SEARCH.bm25.b * (analyzed.length / index.averageLength);
  let score = 0;
  let covered = 0;
  let total = 0;
  const terms = new Set<string>();
  const inText: QueryConcept[] = [];
  const missing: QueryConcept[] = [];
  let matchesContent = false;
  const contentBeyondSpeaker = question.concepts.some(
    (c) => !c.alternatives.some((a) => question.speakerTerms.has(a.term)),
  );
  for (const concept of question.concepts) {
    const share = concept.alternatives.some((a) => naming.has(a.term)) ? SEARCH.namingWeight : 1;
    // The party a "what did X say" question names is checked as a speaker, not counted as content
    // (unless the question is about nothing else).
    const counts = contentBeyondSpeaker && concept.alternatives.some((a) => question.speakerTerms.has(a.term)) ? 0 : 1;
    total += counts * share * coverageWeight(concept);
    if (counts > 0 && !holdsConcept(analyzed, concept)) missing.push(concept);
    let best = 0;
    let textShare = 0;
    for (const { term, factor } of concept.alternatives) {
      const tf = SEARCH_FIELDS.reduce((s, f) => s + SEARCH.boost[f] * (analyzed.counts[f].get(term) ?? 0), 0);
      if (tf === 0) continue;
      const saturated = (tf * (SEARCH.bm25.k1 + 1)) / (tf + SEARCH.bm25.k1 * lengthNorm);
      best = Math.max(best, factor * saturated);
      if (analyzed.counts.text.has(term)) {
        terms.add(term);
        textShare = Math.max(textShare, factor);
      } else {
        textShare = Math.max(textShare, factor * SEARCH.fieldCoverage);
      }
    }
    if (best === 0) continue;
    // Through its own word: a synonym alone is too loose to say the passage is on the question's subject.
    if (
      counts > 0 &&
      !concept.passingName &&
      concept.alternatives.some((a) => a.factor === 1 && analyzed.counts.text.has(a.term))
    )
      matchesContent = true;
    score += share * concept.idf * best;
    covered += counts * share * coverageWeight(concept) * textShare;
    if (concept.alternatives.some((a) => analyzed.counts.text.has(a.term))) inText.push(concept);
  }
  if (score === 0) return null;
  const { positions } = analyzed;
  const focusNamed = namesFocus(analyzed, positions, question);
  // Proximity: every pair of question concepts found near each other in the text.
  const places = inText.map((c) => conceptPlaces(analyzed, positions, c));
  for (let i = 0; i < inText.length; i++) {
    for (let j = i + 1; j < inText.length; j++) {
      let gap = Infinity;
      for (const a of places[i]!) for (const b of places[j]!) gap = Math.min(gap, Math.abs(a - b));
      if (gap <= SEARCH.proximityWindow)
        score += (SEARCH.proximityWeight * Math.min(inText[i]!.idf, inText[j]!.idf)) / Math.max(gap, 1);
    }
  }
  let coverage = total === 0 ? 0 : covered / total;
  let quoted = false;
  for (const phrase of question.phrases) {
    if (!holdsPhrase(analyzed, positions, phrase)) continue;
    score += SEARCH.phraseWeight * phrase.length;
    // A quotation found word for word is relevant whatever else the question says.
    coverage = 1;
    quoted = true;
  }
  const type = question.answerType;
  let holdsAnswer: boolean | null = null;
  if (type) {
    // A passage that cannot hold the kind of answer asked for ("how many" and no number) is hardly an answer.
    const answers = answerTokens(analyzed, type).map((i) => positions[i]!);
    // With something counted ("how many missiles"), the figure should stand by it ("dozens of ballistic missiles").
    const counted = question.focus.flatMap((c) => conceptPlaces(analyzed, positions, c));
    const near =
      counted.length === 0 || type.name !== 'quantity'
        ? answers.length > 0
        : answers.some((a) => counted.some((p) => Math.abs(p - a) <= SEARCH.proximityWindow + 1));
    if (near) score *= 1 + SEARCH.answerTypeBonus;
    if (answers.length === 0)
      [score, coverage] = [score * SEARCH.answerTypeMissFactor, coverage * SEARCH.answerTypeMissFactor];
    holdsAnswer = near;
  }
  const speaks = speaksOf(passage, analyzed);
  if (speaks) score *= 1 + SEARCH.speakerBonus;
  // Not naming what is asked for ("the capital of Australia") or not hearing the party asked about
  // speak ("what did X say") leaves a passage on the subject, but lower.
  if (!focusNamed) score *= SEARCH.focusMissFactor;
  if (speaks === false) score *= SEARCH.speakerMissFactor;

  return {
    score,
    coverage,
    terms,
    speaks,
    holdsAnswer,
    namesFocus: focusNamed || quoted,
    missing: quoted ? [] : missing.sort((a, b) => coverageWeight(b) - coverageWeight(a)),
    matchesContent: matchesContent || quoted,
    unknownShare:
      quoted || total === 0
        ? 0
        : missing.filter((c) => !c.known).reduce((sum, c) => sum + coverageWeight(c), 0) / total,
    largestMissing:
      quoted || total === 0 ? 0 : Math.max(0, ...missing.filter((c) => !c.known).map((c) => coverageWeight(c) / total)),
  };
}

/**
 * Ranks the passages for an analysed question, best first, with what each lacks (how well they
 * answer is for `gradeHits` to say). Two stages: the first bounds every passage holding any of its
 * concepts from the posting lists (firstStage.ts), and only the SEARCH.firstStageDepth with the
 * highest bounds are scored in full; more are scored, highest bound first, until no passage left
 * could rank among the first SEARCH.exactDepth, so those are the ones scoring every passage would
 * give, in the same order. Past them, the ranking holds the best-bounded passages only.
 */
export function searchPassages(
  index: PassageIndex,
  question: AnalyzedQuestion,
  options: SearchOptions = {},
): PassageHit[] {
  if (question.concepts.length === 0) return [];
  const naming = options.naming ?? new Set<string>();
  const hits: PassageHit[] = [];
  const rankOf = new Map<string, number>();
  // Whether the party asked about speaks, worked out once per passage: the first stage asks it of the
  // passages near its top, and the full scorer of the same passages again.
  const speaking = new Map<string, boolean | null>();
  const speaksOf = (passage: Passage, analyzed = index.analyzed.get(passage.key)!) => {
    let speaks = speaking.get(passage.key);
    if (speaks === undefined) speaking.set(passage.key, (speaks = speaksAsAsked(question, analyzed, passage)));
    return speaks;
  };
  const score = (candidates: Candidate[]) => {
    for (const { passage, rank } of candidates) {
      if (rankOf.has(passage.key)) continue;
      rankOf.set(passage.key, rank);
      const match = matchPassage(index, question, passage, naming, speaksOf);
      if (!match) continue;
      const { terms, ...rest } = match;
      let highlights: Array<[number, number]> | undefined;
      hits.push({
        ...rest,
        passage,
        score: match.score * (options.boost?.(passage) ?? 1),
        // Worked out for the passages shown only.
        get highlights() {
          return (highlights ??= highlightSpans(passage.text, terms, index.analyzed.get(passage.key)!.tokens));
        },
      });
    }
    // Ties keep corpus order.
    hits.sort((a, b) => b.score - a.score || rankOf.get(a.passage.key)! - rankOf.get(b.passage.key)!);
  };
  const depth = options.depth ?? SEARCH.firstStageDepth;
  // The speaker's factor is worked out for the passages that come near the top of the first stage.
  const speakerFactor = (passage: Passage) => (speaksOf(passage) ? 1 + SEARCH.speakerBonus : SEARCH.speakerMissFactor);
  const stageOptions = { ...options, speakerFactor: question.speaker ? speakerFactor : undefined };
  let stage = firstStage(index, question, stageOptions, depth);
  score(stage.take(depth));
  for (;;) {
    const settled = hits.length >= SEARCH.exactDepth ? hits[SEARCH.exactDepth - 1]!.score : -Infinity;
    if (stage.nextBound() < settled || stage.nextBound() === -Infinity) break;
    // A passage never read could still rank: read every list through (rare).
    if (!stage.complete) stage = firstStage(index, question, stageOptions, Infinity);
    score(stage.take(depth));
  }
  return hits;
}

/** The spans of `text` whose terms are in `terms`, merged where they touch. */
function highlightSpans(text: string, terms: Set<string>, tokens: Token[]): Array<[number, number]> {
  const spans = tokens
    .filter((t) => terms.has(t.term))
    .map((t): [number, number] => [t.start, t.end])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1] + 1 && /^\s*$/.test(text.slice(last[1], span[0])))
      last[1] = Math.max(last[1], span[1]);
    else if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}
