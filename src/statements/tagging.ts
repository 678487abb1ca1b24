import winkNLP, { type PartOfSpeech, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** A word of a sentence with its part of speech (Universal Dependencies tags), from wink-nlp's English model. */
export interface TaggedToken {
  text: string;
  /** Lower case, curly apostrophes straightened. */
  lower: string;
  pos: PartOfSpeech;
  /** Part of a date or time the model recognises ("on Thursday", "this week", "December 16"). */
  inDate: boolean;
  start: number;
  end: number;
}

let nlp: WinkMethods | undefined;

// The corpus is tagged sentence by sentence, many times over (every response look-up reads the same
// passages); the tags of a sentence never change, so each is tagged once per process.
const tagged = new Map<string, TaggedToken[]>();
const MAX_TAGGED = 20_000;

/** Loads the English model now (a few hundred milliseconds), so that the first answer that reads parts of speech does not wait for it. */
export function loadTaggingModel(): void {
  nlp ??= winkNLP(model);
}

/** The words of a sentence (or any short text), tagged. The model loads on first use. */
export function tagText(text: string): TaggedToken[] {
  const known = tagged.get(text);
  if (known) return known;
  loadTaggingModel();
  const { its } = nlp!;
  const doc = nlp!.readDoc(text);
  const tokens = doc.tokens();
  const dated = new Set<number>();
  const types = doc.entities().out(its.type);
  (doc.entities().out(its.span) as unknown as Array<[number, number]>).forEach(([from, to], i) => {
    if (/^(?:DATE|TIME|DURATION)$/.test(types[i] ?? '')) for (let k = from; k <= to; k++) dated.add(k);
  });
  const values = tokens.out(its.value);
  const pos = tokens.out(its.pos) as PartOfSpeech[];
  const out: TaggedToken[] = [];
  let at = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, at);
    if (start < 0) return;
    at = start + value.length;
    out.push({
      text: value,
      lower: value.toLowerCase().replace(/’/g, "'"),
      pos: pos[i] ?? 'X',
      inDate: dated.has(i),
      start,
      end: at,
    });
  });
  if (tagged.size >= MAX_TAGGED) tagged.clear();
  tagged.set(text, out);
  return out;
}
