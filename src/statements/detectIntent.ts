import { z } from 'zod';
import { loadDataFile } from '../config/dataFiles.js';
import { foldText } from '../search/textProcessing.js';
import { phrasePattern } from './extractionRules.js';

const intents = loadDataFile(
  'intents.yaml',
  z.strictObject({ whoSigned: z.array(z.string()), dprkResponse: z.array(z.string()), dprkNames: z.array(z.string()) }),
);
const whoSigned = phrasePattern(intents.whoSigned);
const dprkResponse = phrasePattern(intents.dprkResponse);
const dprkNames = phrasePattern(intents.dprkNames);

export type Intent = 'who-signed' | 'dprk-response' | 'search';

/** What a free question asks for: who signed a statement, how North Korea answered one, or anything else. */
export function detectIntent(question: string): Intent {
  const text = foldText(question);
  if (whoSigned.test(text)) return 'who-signed';
  if (dprkResponse.test(text) && dprkNames.test(text)) return 'dprk-response';
  return 'search';
}
