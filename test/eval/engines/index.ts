import { botEngine } from './bot.js';
import type { EngineFactory } from './engine.js';
import { lunrEngine } from './lunrEngine.js';
import { minisearchEngine } from './minisearchDefault.js';
import { minisearchStemmedEngine } from './minisearchStemmed.js';
import { oramaEngine } from './oramaEngine.js';
import { winkBm25Engine } from './winkBm25.js';

/** The bot first, then its peers, in the order the table lists them. */
export const engines: EngineFactory[] = [
  botEngine,
  minisearchEngine,
  minisearchStemmedEngine,
  lunrEngine,
  winkBm25Engine,
  oramaEngine,
];

export type { EngineFactory, Grade, RetrievalEngine } from './engine.js';
