import type { PartySigned } from '../answer/answer.js';

/** How every surface words whether a party signed a statement. */
export const SIGNED: Record<PartySigned['signed'], string> = {
  yes: 'yes',
  no: 'no',
  unknown: 'not said',
};
