/**
 * Every number that tunes the bot's behaviour or reflects an outside limit, in one place.
 * Discord's limits are from https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * and the interaction and component references.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  optionString: 6000,
} as const;

export const SEARCH = {
  /** Passages `ask` cites unless asked for another number. */
  defaultLimit: 3,
  /** The most passages one answer may cite. */
  maxLimit: 10,
  /** Longest question accepted; longer input is cut at a word boundary before searching. */
  maxQueryLength: 500,
  /**
   * Share of a question's weight (IDF-weighted terms) a passage must match to count as relevant.
   * Below it, `ask` says nothing in the corpus answers. Calibrated with `npm run eval`.
   */
  minCoverage: 0.5,
  /** Fuzzy matching: edit distance as a share of term length, only for terms this long or longer. */
  fuzzy: 0.2,
  fuzzyMinLength: 5,
  /** Field boosts: a passage's own words count most. */
  boost: { text: 1, title: 0.4, about: 0.3 },
} as const;

export const STATEMENTS = {
  /** A statement is resolved when its score is at least this. */
  minScore: 0.5,
  /** Others within this share of the best score make the text ambiguous. */
  ambiguityRatio: 0.75,
} as const;

export const PRESENTATION = {
  /** Embed accent colour. */
  embedColor: 0x3b6ea5,
  /** Name shown in embed footers. */
  productName: 'statement-desk',
} as const;
