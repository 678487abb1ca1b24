import { runSteps, runStepsYielding, type Passage, type Steps } from '../search/buildIndex.js';
import type { Knowledge } from '../search/knowledge.js';

/** The values worked out for each knowledge, by key (a WeakMap: they go with the knowledge). */
function memoOf<K, V>(): (knowledge: Knowledge) => Map<K, V> {
  const memo = new WeakMap<Knowledge, Map<K, V>>();
  return (knowledge) => {
    let values = memo.get(knowledge);
    if (!values) memo.set(knowledge, (values = new Map()));
    return values;
  };
}

/**
 * `derive`, worked out once per knowledge and key. A Knowledge is never changed, only replaced whole
 * on reload, so what is derived from it holds for as long as it is in use, and goes with it (WeakMap).
 * What it returns is shared by every later call: callers must not change it.
 */
export function perKnowledge<K, V>(derive: (knowledge: Knowledge, key: K) => V): (knowledge: Knowledge, key: K) => V {
  return perKnowledgeOver(memoOf<K, V>(), derive);
}

function perKnowledgeOver<K, V>(
  valuesOf: (knowledge: Knowledge) => Map<K, V>,
  derive: (knowledge: Knowledge, key: K) => V,
): (knowledge: Knowledge, key: K) => V {
  return (knowledge, key) => {
    const values = valuesOf(knowledge);
    if (!values.has(key)) values.set(key, derive(knowledge, key));
    return values.get(key) as V;
  };
}

/** A perKnowledge derivation that can also be worked out ahead, in steps between which the event loop turns. */
export interface Warmable<K, V> {
  (knowledge: Knowledge, key: K): V;
  /** Works the value out in steps (if it is not known yet), so that the first request finds it. */
  warm(knowledge: Knowledge, key: K): Promise<V>;
}

/** perKnowledge for a derivation written as steps (a generator that yields between chunks of work). */
export function perKnowledgeInSteps<K, V>(derive: (knowledge: Knowledge, key: K) => Steps<V>): Warmable<K, V> {
  const valuesOf = memoOf<K, V>();
  const get = perKnowledgeOver(valuesOf, (knowledge: Knowledge, key: K) => runSteps(derive(knowledge, key)));
  const warm = async (knowledge: Knowledge, key: K): Promise<V> => {
    const values = valuesOf(knowledge);
    if (!values.has(key)) {
      const value = await runStepsYielding(derive(knowledge, key));
      // A request may have worked it out meanwhile: the first value stays.
      if (!values.has(key)) values.set(key, value);
    }
    return values.get(key) as V;
  };
  return Object.assign(get, { warm });
}

const NONE: readonly Passage[] = Object.freeze([]);

const reportingIndex = perKnowledge((knowledge, _all: null) => {
  const byId = new Map<string, Passage[]>();
  for (const passage of knowledge.index.ordered)
    for (const id of passage.reports) {
      const list = byId.get(id);
      // An id listed twice in one article's reports still lists its passages once.
      if (!list) byId.set(id, [passage]);
      else if (list[list.length - 1] !== passage) list.push(passage);
    }
  return byId;
});

/**
 * The passages of the articles that report a registry entry (a statement or a response), in corpus
 * order: the same as filtering every passage by `reports`, read from a table made once per knowledge.
 */
export function passagesReporting(knowledge: Knowledge, id: string): readonly Passage[] {
  return reportingIndex(knowledge, null).get(id) ?? NONE;
}
