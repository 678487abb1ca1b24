import type { DprkResponse, Registry } from '../corpus/schema.js';

/** North Korea's responses to one statement, in registry order. */
export function responsesTo(registry: Registry, statementId: string): DprkResponse[] {
  return registry.responses.filter((r) => r.respondsTo === statementId);
}
