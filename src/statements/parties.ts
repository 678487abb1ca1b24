import { createRequire } from 'node:module';
import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';

/**
 * Every state, territory and international body the bot knows by name: the states and territories of
 * the world-countries dataset (common, official and alternative English names, demonyms, capitals)
 * and the organisations, groups and offices of data/parties.yaml.
 */
export interface PartyEntity {
  /** ISO 3166-1 alpha-3 code for a state or territory ("KOR"), the data file's id for a body ("EU"). */
  id: string;
  /** How an answer names it: "South Korea", "the United States", "the European Union". */
  name: string;
  kind: 'state' | 'territory' | 'body' | 'office' | 'group';
  /** The names the press writes it by, as written ("Republic of Korea", "ROK", "U.S."), without a leading "the". */
  names: string[];
  /** Names people type but print does not use for it ("America"): only in look-ups. */
  typedNames: string[];
  /** Adjectives and nouns of its people ("South Korean"): they name it in look-ups and as a speaker, never as a signatory. */
  demonyms: string[];
  /** Capitals, which the press uses for a government ("Pyongyang said"): only for the respondent's voice. */
  capitals: string[];
  /** Bodies another one stands for: the EU's High Representative covers the EU. */
  covers: string[];
  /** Whether it is a member state of the United Nations (a tie-break when a demonym fits several). */
  unMember: boolean;
}

const countrySchema = z.array(
  z.object({
    cca3: z.string().length(3),
    name: z.object({ common: z.string(), official: z.string() }),
    altSpellings: z.array(z.string()),
    demonyms: z
      .object({ eng: z.object({ m: z.string(), f: z.string() }).optional() })
      .partial()
      .optional(),
    capital: z.array(z.string()).optional(),
    independent: z.boolean().nullable().optional(),
    unMember: z.boolean(),
  }),
);

const dataSchema = z.strictObject({
  stateNames: z.record(z.string().length(3), z.array(z.string().min(1))),
  typedStateNames: z.record(z.string().length(3), z.array(z.string().min(1))),
  respondent: z.string().length(3),
  organisations: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      kind: z.enum(['body', 'office', 'group']),
      names: z.array(z.string().min(1)).min(1),
      covers: z.array(z.string().min(1)).default([]),
    }),
  ),
  stateBodies: z.record(z.string().length(3), z.array(z.array(z.string().min(1)).min(1))),
  offices: z.array(z.array(z.string().min(1)).min(1)),
});

const data = loadDataFile('parties.yaml', dataSchema);
const countries = countrySchema.parse(createRequire(import.meta.url)('world-countries'));

// Names in another script, and the inverted forms of a catalogue ("Korea, Republic of"), which would
// split a list of names at their comma.
const usable = (name: string) => /^[\p{Script=Latin}\p{N}\s.'’()-]+$/u.test(name) && !/[,()]/.test(name);
// The dataset writes "The Netherlands"; a name of this file that starts with "the" keeps it ("the North").
const withoutThe = (name: string) => name.replace(/^The\s+/, '');

/** "US" also as "U.S.", as American and British papers print it. */
function dotted(name: string): string[] {
  return /^\p{Lu}{2,3}$/u.test(name) ? [name, [...name].join('.') + '.'] : [name];
}

/** "the Netherlands", "the United States", "the Philippines"; "South Korea", "Czechia". */
function displayName(common: string, official: string, names: string[]): string {
  const takesThe =
    /\b(?:United|Republic|Kingdom|Union|States|Islands|Emirates|Federation)\b/.test(common) ||
    official.includes(`of the ${common}`) ||
    names.some((n) => n === `The ${common}`);
  return takesThe ? `the ${common}` : common;
}

function fromDataset(): PartyEntity[] {
  return countries.map((c) => {
    const names = [
      ...new Set(
        [c.name.common, c.name.official, ...c.altSpellings, ...(data.stateNames[c.cca3] ?? [])]
          .filter(usable)
          .map(withoutThe)
          .flatMap(dotted),
      ),
    ];
    const eng = c.demonyms?.eng;
    return {
      id: c.cca3,
      name: displayName(c.name.common, c.name.official, c.altSpellings),
      kind: c.independent === true || c.unMember ? 'state' : 'territory',
      names,
      typedNames: data.typedStateNames[c.cca3] ?? [],
      demonyms: eng ? [...new Set([eng.m, eng.f])].filter(usable) : [],
      capitals: (c.capital ?? []).filter(usable),
      covers: [],
      unMember: c.unMember,
    };
  });
}

function fromDataFile(): PartyEntity[] {
  return data.organisations.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    names: o.names.map(withoutThe),
    typedNames: [],
    demonyms: [],
    capitals: [],
    covers: o.covers,
    unMember: false,
  }));
}

/** The known states, territories and bodies, in a fixed order. */
export const PARTIES: readonly PartyEntity[] = [...fromDataset(), ...fromDataFile()];

const byId = new Map(PARTIES.map((p) => [p.id, p]));
for (const p of PARTIES)
  for (const id of p.covers) if (!byId.has(id)) throw new Error(`data/parties.yaml: ${p.id} covers unknown ${id}`);
for (const code of [
  data.respondent,
  ...Object.keys(data.stateNames),
  ...Object.keys(data.typedStateNames),
  ...Object.keys(data.stateBodies),
]) {
  if (!byId.has(code))
    throw new Error(`data/parties.yaml: no state with the code ${code} in the world-countries dataset`);
}

export function partyById(id: string): PartyEntity | undefined {
  return byId.get(id);
}

/** Whether a party stands for a group of states the passages name without its members ("NATO members"). */
export function isGroupParty(id: string): boolean {
  return byId.get(id)?.kind === 'group';
}

/** Whether party `a` stands for party `b`: the EU's High Representative for the EU. */
export function covers(a: string, b: string): boolean {
  return byId.get(a)?.covers.includes(b) ?? false;
}

/** Whether two parties are one signatory: the same, or one covering the other (the EU and its High Representative). */
export function sameParty(a: string, b: string): boolean {
  return a === b || covers(a, b) || covers(b, a);
}

/** The state whose responses `dprk-response` reports (North Korea). */
export const RESPONDENT: PartyEntity = byId.get(data.respondent)!;

/** Bodies of a state the press names without it ("KCNA"), each with the state's id. */
export const STATE_BODIES: ReadonlyArray<{ state: string; names: string[] }> = Object.entries(data.stateBodies).flatMap(
  ([state, bodies]) => bodies.map((names) => ({ state, names })),
);

/** Nouns naming an official or a body that speaks for a state, each written form → its first form. */
export const OFFICE_NOUNS: ReadonlyMap<string, string> = new Map(
  data.offices.flatMap((forms) => forms.map((f) => [f.toLowerCase(), forms[0]!.toLowerCase()] as const)),
);
