import { SEARCH } from '../config/constants.js';
import type { PassageIndex } from './buildIndex.js';
import type { IndexSegment } from './indexSegment.js';
import type { Passage } from './passage.js';
import type { AnalyzedQuestion } from './queryAnalysis.js';
import { termPositions } from './positions.js';
import { ANSWER_TYPE_MARKS, PASSAGE_FLAGS } from './segmentData.js';

/**
 * The first stage of a search: from the posting lists alone, each passage that can score with an
 * upper bound of the score the full scorer (searchPassages' matchPassage) can give it, so that the
 * full scorer runs only on the passages with the highest bounds.
 *
 * The bound: the BM25F sum (computed as the full scorer does), plus the largest proximity bonus each
 * pair of concepts in its text could earn, plus the bonus of every quoted phrase whose terms it
 * holds, times the largest answer-type, speaker and focus factors its flags allow, times the
 * caller's boost.
 *
 * Max-score reading: concepts are read rarest first (largest possible contribution first), each
 * list bounded by its largest field-boosted count in its shortest passage. Once `depth` passages
 * already seen are sure to end with a bound above anything a passage holding none of the concepts
 * read so far could reach (the lists left at their largest, every bonus and factor at its largest),
 * no new passage can enter the first `depth`: the lists left only update the passages already seen.
 */

export interface FirstStageOptions {
  filter?: (passage: Passage) => boolean;
  boost?: (passage: Passage) => number;
  /** The largest factor `boost` gives; when absent, `boost` is asked of every passage for it. */
  maxBoost?: number;
  naming?: ReadonlySet<string>;
  /** The speaker's factor of a passage as the full scorer gives it, for refining the bounds that come near the top. */
  speakerFactor?: (passage: Passage) => number;
}

export interface Candidate {
  passage: Passage;
  /** Upper bound of the passage's score in the full scorer. */
  bound: number;
  /** Its place in corpus order (ties of the full scorer keep it). */
  rank: number;
}

/**
 * The candidates of one question, one slot each, as typed arrays (a question can have a candidate
 * in nearly every passage: no object per candidate). A slot's bound has the proximity bonus at its
 * largest until refined with the one its stored positions give.
 */
class Pending {
  readonly passage: Int32Array;
  readonly bound: Float64Array;
  readonly rank: Int32Array;
  readonly refined: Uint8Array;
  /** Its BM25F sum and phrase bonuses, its factors, and the concepts in its text (bits in reading order). */
  readonly sum: Float64Array;
  readonly factors: Float64Array;
  /** Its factors but the caller's boost, when the boost is left until refined (a caller that gave maxBoost); else NaN. */
  readonly unboosted: Float64Array;
  /** The speaker's factor in `factors`: its largest, until refined. */
  readonly speaker: Float64Array;
  readonly inText: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.passage = new Int32Array(capacity);
    this.bound = new Float64Array(capacity);
    this.rank = new Int32Array(capacity);
    this.refined = new Uint8Array(capacity);
    this.sum = new Float64Array(capacity);
    this.factors = new Float64Array(capacity);
    this.unboosted = new Float64Array(capacity);
    this.speaker = new Float64Array(capacity);
    this.inText = new Uint32Array(capacity);
  }
}

/** The candidates of one question, handed out highest bound first. */
export interface FirstStage {
  /** The next `count` candidates by bound (fewer when fewer are left). */
  take(count: number): Candidate[];
  /** The highest bound among the candidates not yet taken, and the passages never seen (-Infinity when none is left). */
  nextBound(): number;
  /** Whether every passage that can score was read (false: reading stopped once the first `depth` were settled). */
  complete: boolean;
}

/** Rounding slack: the bounds add in another order than the full scorer. */
const slack = (bound: number) => bound * (1 + 1e-9) + 1e-12;
/** Concepts (and focus concepts) tracked one bit each; past these, a concept counts as in every text, so the bound stays a bound. */
const BITS = 30;

/** Per-index work arrays, one entry per passage, reset after each search (searches run one at a time). */
interface Scratch {
  score: Float64Array;
  /** Bit i: concept i (in reading order) is in the passage text. */
  inText: Uint32Array;
  /** Bit i: focus concept i is in the passage text. */
  focus: Uint32Array;
  seen: Uint8Array;
  /** Whether the passage passes the search's filter: 0 not asked yet, 1 yes, 2 no. */
  passing: Uint8Array;
  touched: Int32Array;
  /** Per concept with several alternatives: the best alternative so far. */
  best: Float64Array;
}

const scratches = new WeakMap<PassageIndex, Scratch>();

function scratchOf(index: PassageIndex): Scratch {
  let scratch = scratches.get(index);
  if (!scratch) {
    const n = index.rank.length;
    scratch = {
      score: new Float64Array(n),
      inText: new Uint32Array(n),
      focus: new Uint32Array(n),
      seen: new Uint8Array(n),
      passing: new Uint8Array(n),
      touched: new Int32Array(n),
      best: new Float64Array(n),
    };
    scratches.set(index, scratch);
  }
  return scratch;
}

/** A posting list of one term in one segment (index-wide passage numbers start at the segment's base). */
interface List {
  segment: IndexSegment;
  from: number;
  to: number;
  /** The largest field-boosted count of the term, and the shortest passage text holding it. */
  maxCount: number;
  minLength: number;
}

function listsOf(index: PassageIndex, term: string): List[] {
  const lists: List[] = [];
  for (const segment of index.segments) {
    const id = segment.termIds.get(term);
    if (id === undefined) continue;
    const { data } = segment;
    lists.push({
      segment,
      from: data.postingOffsets[id]!,
      to: data.postingOffsets[id + 1]!,
      maxCount: data.termMaxCount[id]!,
      minLength: data.termMinLength[id]!,
    });
  }
  return lists;
}

/** The posting of local passage `local` in a list, or -1 (the list is ascending). */
function find(list: List, local: number): number {
  const passages = list.segment.data.postingPassage;
  let lo = list.from;
  let hi = list.to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = passages[mid]!;
    if (at === local) return mid;
    if (at < local) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** Calls `visit` for each posting of `lists`, or, when `only`, for those of passages already seen (by binary search where that reads less). */
function eachPosting(
  lists: List[],
  scratch: Scratch,
  touchedCount: number,
  only: boolean,
  visit: (list: List, k: number, passage: number) => void,
): void {
  for (const list of lists) {
    const { base, data } = list.segment;
    const length = list.to - list.from;
    if (only && touchedCount * Math.log2(length + 2) < length) {
      for (let i = 0; i < touchedCount; i++) {
        const passage = scratch.touched[i]!;
        const local = passage - base;
        if (local < 0 || local >= data.passageCount) continue;
        const k = find(list, local);
        if (k !== -1) visit(list, k, passage);
      }
    } else {
      for (let k = list.from; k < list.to; k++) {
        const passage = base + data.postingPassage[k]!;
        if (!only || scratch.seen[passage]) visit(list, k, passage);
      }
    }
  }
}

/** The segment holding index-wide passage number `passage`. */
function segmentOf(index: PassageIndex, passage: number): IndexSegment {
  const { segments } = index;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (segments[mid]!.base <= passage) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** Sum of the proximity bonuses the pairs of these concepts could earn at most. */
function proximityBound(idfs: number[]): number {
  let sum = 0;
  for (let x = 0; x < idfs.length; x++)
    for (let y = x + 1; y < idfs.length; y++) sum += SEARCH.proximityWeight * Math.min(idfs[x]!, idfs[y]!);
  return sum;
}

export function firstStage(
  index: PassageIndex,
  question: AnalyzedQuestion,
  options: FirstStageOptions,
  depth: number = SEARCH.firstStageDepth,
): FirstStage {
  const scratch = scratchOf(index);
  const naming = options.naming ?? new Set<string>();
  const { k1, b } = SEARCH.bm25;
  const boost = SEARCH.boost;
  const saturate = (count: number, length: number) =>
    (count * (k1 + 1)) / (count + k1 * (1 - b + (b * length) / index.averageLength));

  // Each concept's weight as the full scorer reckons it, and the most its lists can add to a score.
  const concepts = question.concepts.map((concept, i) => {
    const share = concept.alternatives.some((a) => naming.has(a.term)) ? SEARCH.namingWeight : 1;
    const alternatives = concept.alternatives.map((a) => ({ ...a, lists: listsOf(index, a.term) }));
    let impact = 0;
    for (const a of alternatives)
      for (const l of a.lists) impact = Math.max(impact, a.factor * saturate(l.maxCount, l.minLength));
    return { concept, i, share, alternatives, most: share * concept.idf * impact };
  });
  // Rarest first: the largest possible contribution first.
  const order = concepts
    .filter((c) => c.alternatives.some((a) => a.lists.length > 0))
    .sort((x, y) => y.most - x.most || x.i - y.i);
  const bitOf = (at: number) => (at < BITS ? 2 ** at : 0);

  const type = question.answerType;
  const typeBit = type ? PASSAGE_FLAGS.firstAnswerType << ANSWER_TYPE_MARKS.findIndex((t) => t.name === type.name) : 0;
  const holdsAnswer = (flags: number) =>
    type !== null &&
    ((flags & typeBit) !== 0 ||
      (type.numbers && (flags & PASSAGE_FLAGS.number) !== 0) ||
      (type.dates && (flags & PASSAGE_FLAGS.date) !== 0));
  // The largest factors a passage's flags allow: the answer type's, the speaker's.
  const typeFactor = (flags: number) =>
    type === null ? 1 : holdsAnswer(flags) ? 1 + SEARCH.answerTypeBonus : SEARCH.answerTypeMissFactor;
  const speakerFactor = (flags: number) =>
    question.speaker === null ? 1 : flags & PASSAGE_FLAGS.speech ? 1 + SEARCH.speakerBonus : SEARCH.speakerMissFactor;
  const focusLeast = question.focus.length === 0 && question.focusOf.length === 0 ? 1 : SEARCH.focusMissFactor;
  // The least a passage's factors can be: what its score is sure to keep of its BM25F sum.
  const leastFactors = (flags: number) =>
    (type === null || holdsAnswer(flags) ? 1 : SEARCH.answerTypeMissFactor) *
    (question.speaker === null ? 1 : SEARCH.speakerMissFactor) *
    focusLeast;
  // With no depth limit, every list is read through.
  const settles = Number.isFinite(depth) ? SEARCH.exactDepth : Infinity;
  const phrasesMost = question.phrases.reduce((s, p) => s + SEARCH.phraseWeight * p.length, 0);
  // The most any unseen passage's factors can be: only when needed, since a boost is asked of every passage.
  let factorsMost: number | undefined;
  const unseenFactors = () => {
    if (factorsMost === undefined) {
      let boosted = 1;
      if (options.boost && options.maxBoost !== undefined) boosted = Math.max(options.maxBoost, 1);
      else if (options.boost) {
        boosted = 0;
        for (const p of index.ordered) boosted = Math.max(boosted, options.boost(p));
      }
      factorsMost =
        (type ? 1 + SEARCH.answerTypeBonus : 1) * (question.speaker ? 1 + SEARCH.speakerBonus : 1) * boosted;
    }
    return factorsMost;
  };
  const flagsOf = (passage: number) => {
    const segment = segmentOf(index, passage);
    return segment.data.passageFlags[passage - segment.base]!;
  };
  const boostOf = (passage: number) => {
    if (!options.boost) return 1;
    const segment = segmentOf(index, passage);
    return options.boost(segment.passages[passage - segment.base]!);
  };

  // The filter, asked once per passage (scratch.passing: 0 not asked yet, 1 passes, 2 does not).
  const passes = (p: number) => {
    if (!options.filter) return true;
    if (scratch.passing[p] === 0) {
      const segment = segmentOf(index, p);
      scratch.passing[p] = options.filter(segment.passages[p - segment.base]!) ? 1 : 2;
    }
    return scratch.passing[p] === 1;
  };

  let touchedCount = 0;
  let admitting = true;
  // Once no passage is admitted any more: the most a passage never seen could score.
  let unseenCeiling = -Infinity;
  for (let at = 0; at < order.length; at++) {
    const c = order[at]!;
    const bit = bitOf(at);
    const single = c.alternatives.length === 1;
    const multi: number[] = [];
    for (const alternative of c.alternatives) {
      eachPosting(alternative.lists, scratch, touchedCount, !admitting, (list, k, passage) => {
        const { data } = list.segment;
        const text = data.postingText[k]!;
        const tf = boost.text * text + boost.title * data.postingTitle[k]! + boost.about * data.postingAbout[k]!;
        const value = alternative.factor * saturate(tf, data.passageLength[data.postingPassage[k]!]!);
        if (!scratch.seen[passage]) {
          scratch.seen[passage] = 1;
          scratch.touched[touchedCount++] = passage;
        }
        if (text > 0) scratch.inText[passage]! |= bit;
        if (single) {
          scratch.score[passage]! += c.share * c.concept.idf * value;
        } else {
          if (scratch.best[passage] === 0) multi.push(passage);
          scratch.best[passage] = Math.max(scratch.best[passage]!, value);
        }
      });
    }
    for (const passage of multi) {
      scratch.score[passage]! += c.share * c.concept.idf * scratch.best[passage]!;
      scratch.best[passage] = 0;
    }
    if (!admitting || at === order.length - 1 || touchedCount < settles) continue;
    // Could a passage holding none of the concepts read so far still rank among the first
    // SEARCH.exactDepth? Not once that many passages seen are sure to score above the most it could.
    const rest = order.slice(at + 1);
    const unseenMost = slack(
      (rest.reduce((s, r) => s + r.most, 0) + proximityBound(rest.map((r) => r.concept.idf)) + phrasesMost) *
        unseenFactors(),
    );
    let sure = 0;
    for (let i = 0; i < touchedCount && sure < settles; i++) {
      const p = scratch.touched[i]!;
      if (!passes(p)) continue;
      if (scratch.score[p]! * leastFactors(flagsOf(p)) * boostOf(p) > unseenMost) sure++;
    }
    if (sure >= settles) [admitting, unseenCeiling] = [false, unseenMost];
  }

  // The focus concepts in each passage's text.
  question.focus.slice(0, BITS).forEach((concept, f) => {
    for (const a of concept.alternatives) {
      eachPosting(listsOf(index, a.term), scratch, touchedCount, true, (list, k, passage) => {
        if (list.segment.data.postingText[k]! > 0) scratch.focus[passage]! |= 2 ** f;
      });
    }
  });
  const allFocus = 2 ** Math.min(question.focus.length, BITS) - 1;
  const phraseBits = question.phrases.map((phrase) =>
    order.reduce(
      (bits, c, at) => (c.concept.alternatives.some((a) => phrase.includes(a.term)) ? bits | bitOf(at) : bits),
      0,
    ),
  );
  const idfs = order.map((c) => c.concept.idf);

  // What a passage's bound adds for its phrases and the pairs of its concepts depends only on which
  // concepts its text holds: worked out once per such pattern, in the same order (the same sums).
  const byPattern = new Map<number, { phrases: number[]; present: number; loose: number }>();
  const patternOf = (inText: number) => {
    let pattern = byPattern.get(inText);
    if (!pattern) {
      const phrases: number[] = [];
      phraseBits.forEach((bits, j) => {
        if ((inText & bits) === bits) phrases.push(SEARCH.phraseWeight * question.phrases[j]!.length);
      });
      let present = 0;
      let loose = 0;
      for (let x = 0; x < order.length; x++) {
        if (bitOf(x) !== 0 && !(inText & bitOf(x))) continue;
        present++;
        for (let y = x + 1; y < order.length; y++)
          if (bitOf(y) === 0 || inText & bitOf(y)) loose += SEARCH.proximityWeight * Math.min(idfs[x]!, idfs[y]!);
      }
      byPattern.set(inText, (pattern = { phrases, present, loose }));
    }
    return pattern;
  };

  const kept = new Pending(touchedCount);
  for (let i = 0; i < touchedCount; i++) {
    const p = scratch.touched[i]!;
    if (!passes(p)) continue;
    const segment = segmentOf(index, p);
    const local = p - segment.base;
    const flags = segment.data.passageFlags[local]!;
    const inText = scratch.inText[p]!;
    const { phrases, present, loose } = patternOf(inText);
    let bound = scratch.score[p]!;
    for (const phrase of phrases) bound += phrase;
    // "The A of B" with no A named is never answered by name (see namesFocus).
    const focusNamed =
      (scratch.focus[p]! & allFocus) === allFocus && !(question.focus.length === 0 && question.focusOf.length > 0);
    const speaker = speakerFactor(flags);
    const unboosted = typeFactor(flags) * speaker * (focusNamed ? 1 : SEARCH.focusMissFactor);
    // With the boost's largest factor known, the boost is asked only of the passages that come near the top.
    const boostLater = options.boost !== undefined && options.maxBoost !== undefined;
    const factors = boostLater
      ? unboosted * Math.max(options.maxBoost!, 1)
      : unboosted * (options.boost?.(segment.passages[local]!) ?? 1);
    const slot = kept.length++;
    kept.passage[slot] = p;
    kept.bound[slot] = slack((bound + loose) * factors);
    kept.rank[slot] = index.rank[p]!;
    kept.refined[slot] =
      !boostLater && present < 2 && !(options.speakerFactor && speaker > SEARCH.speakerMissFactor) ? 1 : 0;
    kept.sum[slot] = bound;
    kept.factors[slot] = factors;
    kept.unboosted[slot] = boostLater ? unboosted : NaN;
    kept.speaker[slot] = speaker;
    kept.inText[slot] = inText;
  }

  for (let i = 0; i < touchedCount; i++) {
    const p = scratch.touched[i]!;
    scratch.score[p] = 0;
    scratch.inText[p] = 0;
    scratch.focus[p] = 0;
    scratch.seen[p] = 0;
    scratch.passing[p] = 0;
  }
  const terms = order.map((c) => c.concept.alternatives.map((a) => a.term));
  // The proximity bonus as the full scorer works it out, from the positions stored at index time.
  const refine = (slot: number) => {
    const inText = kept.inText[slot]!;
    const present = order.flatMap((_, at) => (bitOf(at) === 0 || inText & bitOf(at) ? [at] : []));
    const p = kept.passage[slot]!;
    const segment = segmentOf(index, p);
    const proximity = proximityOf(
      segment,
      p - segment.base,
      present.map((at) => terms[at]!),
      present.map((at) => idfs[at]!),
    );
    const passage = segment.passages[p - segment.base]!;
    const unboosted = kept.unboosted[slot]!;
    const boosted = Number.isNaN(unboosted) ? kept.factors[slot]! : unboosted * options.boost!(passage);
    const speaker = kept.speaker[slot]!;
    const factors =
      options.speakerFactor && speaker > SEARCH.speakerMissFactor
        ? (boosted / speaker) * options.speakerFactor(passage)
        : boosted;
    return slack((kept.sum[slot]! + proximity) * factors);
  };
  return candidateHeap(index, kept, unseenCeiling, refine);
}

/**
 * The proximity bonus of a passage as the full scorer gives it: for each pair of the concepts in its
 * text (each as its terms), the closest places of the two, if within SEARCH.proximityWindow.
 */
function proximityOf(segment: IndexSegment, local: number, concepts: string[][], idfs: number[]): number {
  const { data } = segment;
  const positions = termPositions(data, (t) => segment.termIds.get(t), local);
  const first = data.tokenOffsets[local]!;
  const places = concepts.map((terms) => positions.tokensOf(terms).map((i) => data.tokenPlace[first + i]!));
  let sum = 0;
  for (let x = 0; x < places.length; x++) {
    for (let y = x + 1; y < places.length; y++) {
      let gap = Infinity;
      for (const a of places[x]!) for (const b of places[y]!) gap = Math.min(gap, Math.abs(a - b));
      if (gap <= SEARCH.proximityWindow)
        sum += (SEARCH.proximityWeight * Math.min(idfs[x]!, idfs[y]!)) / Math.max(gap, 1);
    }
  }
  return sum;
}

/**
 * A max-heap of the candidates: highest bound first, of equal bounds the earlier in corpus order. A
 * candidate reaching the top with its loose bound is refined and sifted down again, so the
 * positions are read only for passages that come near the top.
 */
function candidateHeap(
  index: PassageIndex,
  slots: Pending,
  unseenCeiling: number,
  refine: (slot: number) => number,
): FirstStage {
  const { bound, rank, refined } = slots;
  const heap = new Int32Array(slots.length);
  for (let i = 0; i < heap.length; i++) heap[i] = i;
  let size = heap.length;
  const above = (x: number, y: number) => bound[x]! > bound[y]! || (bound[x] === bound[y] && rank[x]! < rank[y]!);
  const down = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let top = at;
      if (l < size && above(heap[l]!, heap[top]!)) top = l;
      if (r < size && above(heap[r]!, heap[top]!)) top = r;
      if (top === at) return;
      [heap[at], heap[top]] = [heap[top]!, heap[at]!];
      at = top;
    }
  };
  for (let at = (size >>> 1) - 1; at >= 0; at--) down(at);
  /** Refines the top until the top is refined. */
  const settle = () => {
    while (size > 0 && !refined[heap[0]!]) {
      const top = heap[0]!;
      bound[top] = refine(top);
      refined[top] = 1;
      down(0);
    }
  };
  return {
    take(count) {
      const out: Candidate[] = [];
      while (out.length < count && size > 0) {
        settle();
        const top = heap[0]!;
        const p = slots.passage[top]!;
        const segment = segmentOf(index, p);
        out.push({ passage: segment.passages[p - segment.base]!, bound: bound[top]!, rank: rank[top]! });
        size--;
        if (size > 0) {
          heap[0] = heap[size]!;
          down(0);
        }
      }
      return out;
    },
    nextBound: () => {
      settle();
      return Math.max(unseenCeiling, size > 0 ? bound[heap[0]!]! : -Infinity);
    },
    complete: unseenCeiling === -Infinity,
  };
}
