import type { DprkResponse } from '../corpus/schema.js';
import { extractionRules, phrasePattern } from './extractionRules.js';
import { OFFICE_NOUNS, RESPONDENT } from './parties.js';
import { findPartyMentions, type PartyMention } from './partyMentions.js';
import { tagText, type TaggedToken } from './tagging.js';

/**
 * What one response in the registry tells about its own voice: who issued it and through which
 * channel ("North Korea's foreign ministry (an unnamed spokesperson)", "Rodong Sinmun"), so that
 * "the spokesperson said" or "Kim Yo Jong said" in an article reporting it is North Korea speaking;
 * and whom it answers (the statement's signatories), so that "North Korea denounced the United States"
 * is a reply, where "North Korea sent troops to Russia" is not.
 */
export interface ResponseContext {
  /** Proper names of the speaker and the channel ("Kim Yo Jong", "Korean Central News Agency", "KCNA"). */
  names: string[];
  /** Office and body nouns of the speaker and the channel, in their first form ("spokesperson", "ministry", "agency"). */
  offices: Set<string>;
  /** The parties the response answers: the ids of the statement's signatories. */
  addressees: Set<string>;
}

/** The voice of a response as its registry entry names it, and the parties it answers. */
export function responseContext(
  response: Pick<DprkResponse, 'issuedBy' | 'channel'>,
  addressees: Iterable<string> = [],
): ResponseContext {
  const names: string[] = [];
  const offices = new Set<string>();
  for (const text of [response.issuedBy, response.channel]) {
    const tokens = tagText(text);
    for (const t of tokens) {
      const office = OFFICE_NOUNS.get(t.lower);
      if (office && (t.pos === 'NOUN' || t.pos === 'PROPN')) offices.add(office);
    }
    // Runs of proper nouns that are not the state itself: "Kim Yo Jong", "Rodong Sinmun", "KCNA".
    const own = new Set(
      findPartyMentions(text)
        .filter((m) => m.ids.includes(RESPONDENT.id))
        .flatMap((m) => tokens.filter((t) => t.start >= m.start && t.end <= m.end)),
    );
    let run: TaggedToken[] = [];
    const flush = () => {
      const words = run.filter((t) => !OFFICE_NOUNS.has(t.lower));
      if (words.length > 0 && words.length === run.length)
        names.push(text.slice(run[0]!.start, run[run.length - 1]!.end));
      run = [];
    };
    for (const t of tokens) {
      if (t.pos === 'PROPN' && !own.has(t) && /^\p{Lu}/u.test(t.text)) run.push(t);
      else flush();
    }
    flush();
  }
  return { names: [...new Set(names)], offices, addressees: new Set(addressees) };
}

const statementWords = phrasePattern(extractionRules.statementWords);
const QUOTE_MARK = /["“”]/;
const NOUN_PHRASE: ReadonlySet<string> = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);

/** A North Korean voice in a sentence: its words (token indexes) and whether it is an official or body, or the state itself. */
interface Voice {
  first: number;
  last: number;
  official: boolean;
}

/** A sentence read once: its tagged words and the parties it names, each at its token indexes. */
interface ReadSentence {
  text: string;
  tokens: TaggedToken[];
  mentions: Array<PartyMention & { from: number; to: number }>;
}

function read(sentence: string): ReadSentence {
  const tokens = tagText(sentence);
  const mentions = findPartyMentions(sentence).map((m) => {
    const from = tokens.findIndex((t) => t.end > m.start);
    let to = from;
    while (to < tokens.length && tokens[to]!.start < m.end) to++;
    return { ...m, from, to };
  });
  return { text: sentence, tokens, mentions: mentions.filter((m) => m.from >= 0) };
}

const isRespondent = (m: PartyMention) => m.ids.includes(RESPONDENT.id);
const isOffice = (t: TaggedToken) => (t.pos === 'NOUN' || t.pos === 'PROPN') && OFFICE_NOUNS.has(t.lower);

/** One past the noun phrase that starts at `i`: adjectives, nouns, names, hyphenated words ("state-run"), a parenthesis ("(KCNA)"). */
function nounPhraseEnd(tokens: TaggedToken[], i: number): number {
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t) return j;
    if (NOUN_PHRASE.has(t.pos) && !t.inDate) j++;
    else if (t.text === '-' && tokens[j + 1]) j += 2;
    else if (t.text === '(' && j > i) {
      const close = tokens.findIndex((u, k) => k > j && u.text === ')');
      if (close < 0 || close - j > 6) return j;
      j = close + 1;
    } else return j;
  }
}

/** The state named with what may follow it: "North Korea's vice foreign minister", "Pyongyang's state media"; not "North Korean troops". */
function stateVoices(s: ReadSentence): Voice[] {
  const { tokens } = s;
  return s.mentions.filter(isRespondent).flatMap((m): Voice[] => {
    if (m.form === 'body') return [{ first: m.from, last: nounPhraseEnd(tokens, m.to), official: true }];
    const after = tokens[m.to]?.lower === "'s" ? m.to + 1 : m.to;
    let end = nounPhraseEnd(tokens, after);
    // "North Korean leader Kim Jong Un's sister Kim Yo Jong".
    while (end > after && tokens[end]?.lower === "'s" && nounPhraseEnd(tokens, end + 1) > end + 1)
      end = nounPhraseEnd(tokens, end + 1);
    if (end === after) return [{ first: m.from, last: m.to, official: false }];
    const official =
      tokens.slice(after, end).some(isOffice) ||
      s.mentions.some((o) => isRespondent(o) && o.form === 'body' && o.from >= after && o.from < end);
    return official ? [{ first: m.from, last: end, official }] : [];
  });
}

/** The speaker or channel the registry names, where the sentence writes it: "Kim Yo Jong said". */
function namedVoices(s: ReadSentence, context: ResponseContext): Voice[] {
  return context.names.flatMap((name) => {
    const found: Voice[] = [];
    for (let at = s.text.indexOf(name); at >= 0; at = s.text.indexOf(name, at + 1)) {
      const first = s.tokens.findIndex((t) => t.start >= at);
      if (first >= 0) found.push({ first, last: nounPhraseEnd(s.tokens, first), official: true });
    }
    return found;
  });
}

/** A name the aside after it makes North Korean: "Kim Yo Jong, a senior official of North Korea's ruling party, said". */
function appositiveVoices(s: ReadSentence): Voice[] {
  const { tokens } = s;
  return tokens.flatMap((t, i): Voice[] => {
    if (t.pos !== 'PROPN' || tokens[i - 1]?.pos === 'PROPN' || s.mentions.some((m) => m.from <= i && i < m.to))
      return [];
    let last = i;
    while (tokens[last + 1]?.pos === 'PROPN') last++;
    if (last === i || tokens[last + 1]?.text !== ',') return [];
    const close = tokens.findIndex((u, k) => k > last + 1 && u.text === ',');
    if (close < 0 || close - last > 16) return [];
    return s.mentions.some((m) => isRespondent(m) && m.from > last && m.to <= close)
      ? [{ first: i, last: last + 1, official: true }]
      : [];
  });
}

/** The party a preposition after an office names: "a spokesman for the North Korean foreign ministry". */
function ownerAfter(s: ReadSentence, i: number): (typeof s.mentions)[number] | undefined {
  return /^(?:of|at|for|from)$/.test(s.tokens[i + 1]?.lower ?? '')
    ? s.mentions.find((m) => m.from >= i + 2 && m.from <= i + 3)
    : undefined;
}

/** Offices: of the North by a preposition ("an official at North Korea's mission"), or the office the registry names, unless another party's. */
function officeVoices(s: ReadSentence, context: ResponseContext): Voice[] {
  const { tokens } = s;
  return tokens.flatMap((t, i): Voice[] => {
    if (!isOffice(t)) return [];
    let first = i;
    while (first > 0 && NOUN_PHRASE.has(tokens[first - 1]!.pos) && !tokens[first - 1]!.inDate) first--;
    const owner = ownerAfter(s, i);
    if (owner && isRespondent(owner))
      return [
        { first, last: nounPhraseEnd(tokens, owner.to + (tokens[owner.to]?.lower === "'s" ? 1 : 0)), official: true },
      ];
    if (context.offices.has(OFFICE_NOUNS.get(t.lower)!) && !attributedElsewhere(s, i))
      return [{ first, last: nounPhraseEnd(tokens, i + 1), official: true }];
    return [];
  });
}

/** The North Korean voices of a sentence. */
function voicesIn(s: ReadSentence, context: ResponseContext): Voice[] {
  return [...stateVoices(s), ...namedVoices(s, context), ...appositiveVoices(s), ...officeVoices(s, context)];
}

/**
 * Whether the office at token `i` belongs to another party: named just before it ("the US State
 * Department spokesperson", "South Korea's foreign ministry", "NATO Secretary General") or after
 * it ("a spokesperson for the European Commission").
 */
function attributedElsewhere(s: ReadSentence, i: number): boolean {
  const { tokens } = s;
  let first = i;
  while (first > 0 && (NOUN_PHRASE.has(tokens[first - 1]!.pos) || tokens[first - 1]!.lower === "'s")) first--;
  const owners = s.mentions.filter((m) => m.from >= first && m.to <= i);
  const of = ownerAfter(s, i);
  if (of) owners.push(of);
  return owners.length > 0 && owners.every((m) => !isRespondent(m));
}

/** Whether the voice is the agent or source of what is reported: "carried by KCNA", "according to North Korea". */
function isSource(tokens: TaggedToken[], v: Voice): boolean {
  let i = v.first - 1;
  while (i >= 0 && (tokens[i]!.pos === 'DET' || tokens[i]!.pos === 'ADJ' || isOffice(tokens[i]!))) i--;
  const word = tokens[i]?.lower;
  return word === 'by' || (word === 'to' && tokens[i - 1]?.lower === 'according');
}

/**
 * Whether the voice is the object of another verb or preposition ("faulted North Korea", "said
 * Tuesday that North Korea had …", "cooperation between Pyongyang and Moscow"): then it does not speak.
 */
function isGoverned(tokens: TaggedToken[], v: Voice): boolean {
  let i = v.first - 1;
  while (
    i >= 0 &&
    (tokens[i]!.inDate || ['DET', 'ADJ', 'ADV', 'NUM'].includes(tokens[i]!.pos) || tokens[i]!.lower === 'that')
  )
    i--;
  const t = tokens[i];
  return t !== undefined && (t.pos === 'VERB' || t.pos === 'AUX' || (t.pos === 'ADP' && t.lower !== 'by'));
}

/** The verb the voice is the subject of, skipping what may stand between ("on Thursday", "has", ", citing a spokesperson,"), or -1. */
function verbAfter(tokens: TaggedToken[], v: Voice): number {
  let i = v.last;
  let phrases = 0;
  for (let guard = 0; guard < 40 && i < tokens.length; guard++) {
    const t = tokens[i]!;
    if (t.pos === 'VERB') return i;
    if (t.inDate || t.pos === 'ADV' || t.pos === 'AUX' || t.pos === 'PART') i++;
    else if (
      t.pos === 'ADP' &&
      tokens[i + 1] &&
      (tokens[i + 1]!.inDate || (tokens[i + 1]!.pos === 'DET' && tokens[i + 2]?.inDate))
    )
      i++;
    else if (t.pos === 'ADP' && phrases < 2) {
      // A phrase of the voice or an aside: "ambassador to the United Nations", "in a statement".
      let j = i + 1;
      while (tokens[j] && (tokens[j]!.pos === 'DET' || tokens[j]!.pos === 'PRON')) j++;
      const end = nounPhraseEnd(tokens, j);
      if (end === j) return -1;
      i = end;
      phrases++;
    } else if (t.text === '(') {
      const close = tokens.findIndex((u, k) => k > i && u.text === ')');
      if (close < 0) return -1;
      i = close + 1;
    } else if (t.text === ',') {
      // An aside between commas: "The agency, citing a ministry spokesperson, said …".
      const close = tokens.findIndex((u, k) => k > i && u.text === ',');
      if (close < 0 || close - i > 15 || tokens.slice(i + 1, close).some((u) => QUOTE_MARK.test(u.text))) return -1;
      i = close + 1;
    } else return -1;
  }
  return -1;
}

/** A verb that stands for a whole clause: not a gerund or participle ("the North sending balloons"). */
const isFinite = (t: TaggedToken) => t.pos === 'VERB' && !/ing$/i.test(t.text);

/**
 * Whether the state itself, as the subject of a verb, is answering: what follows the verb quotes it,
 * speaks of the statement, or names those who issued it ("denounced the United States").
 */
function answers(s: ReadSentence, verb: number, context: ResponseContext): boolean {
  const rest = s.text.slice(s.tokens[verb]!.start);
  if (QUOTE_MARK.test(rest) || statementWords.test(rest)) return true;
  // By name: "estimates by Estonian intelligence" does not answer Estonia.
  return s.mentions.some((m) => m.from > verb && m.form === 'name' && m.ids.some((id) => context.addressees.has(id)));
}

/** The voices that speak in a sentence: each a span of the sentence, in order. */
function speakingVoices(s: ReadSentence, context: ResponseContext): Voice[] {
  return voicesIn(s, context).filter((v) => {
    if (isSource(s.tokens, v)) return true;
    if (isGoverned(s.tokens, v)) return false;
    const verb = verbAfter(s.tokens, v);
    if (verb < 0) return false;
    return v.official || (isFinite(s.tokens[verb]!) && answers(s, verb, context));
  });
}

/**
 * Whether North Korea speaks in a sentence: one of its officials or bodies (a minister, a
 * spokesperson, KCNA, the speaker the registry names) as the subject of any verb or the source of
 * what is reported, or the state itself answering the statement.
 */
export function dprkSpeaks(sentence: string, context: ResponseContext): boolean {
  return speakingVoices(read(sentence), context).length > 0;
}

/** Where the first North Korean voice that speaks in a sentence ends (a character offset), or null. */
export function dprkVoiceEnd(sentence: string, context: ResponseContext): number | null {
  const s = read(sentence);
  const [first] = speakingVoices(s, context).sort((a, b) => a.first - b.first);
  return first ? s.tokens[first.last - 1]!.end : null;
}

/**
 * Whether a party's words at token `i` open a clause of their own ("… as the U.S. and South Korea
 * condemned …", "; Japan said"), rather than stand inside what the voice before reports ("North Korea
 * claimed the United States and others' reactions have proved …").
 */
function opensClause(tokens: TaggedToken[], i: number): boolean {
  let k = i - 1;
  // Back over the rest of a list the party stands in: "the U.S., South Korea, the EU and …".
  while (
    k >= 0 &&
    (['DET', 'PROPN', 'NOUN', 'NUM', 'ADJ'].includes(tokens[k]!.pos) ||
      tokens[k]!.text === ',' ||
      tokens[k]!.lower === 'and')
  )
    k--;
  const t = tokens[k];
  if (!t) return true;
  if (t.pos === 'SCONJ') return !/^(?:that|whether|if)$/.test(t.lower);
  return t.pos === 'ADP' || /^[;:—–]$/.test(t.text) || t.lower === 'but';
}

/**
 * Whether another party speaks between two points of a sentence: a state or body other than North
 * Korea as the subject of a finite verb of its own clause ("… as the U.S., South Korea, the EU and
 * eight other countries on Monday condemned …").
 */
export function otherPartySpeaks(sentence: string, from: number, to: number): boolean {
  const s = read(sentence);
  return s.mentions.some((m) => {
    if (isRespondent(m) || m.start < from || m.end > to || !opensClause(s.tokens, m.from)) return false;
    const verb = s.tokens.findIndex((t, k) => k >= m.to && t.pos === 'VERB');
    return verb >= 0 && s.tokens[verb]!.end <= to && isFinite(s.tokens[verb]!) && s.tokens[verb - 1]?.lower !== 'to';
  });
}
