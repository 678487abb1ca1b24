/** Suggestions while a moderator types a /corpus option: statement and response ids, articles, the trash. */
import type { Choice } from '../../commands/command.js';
import { DISCORD_LIMITS } from '../../config/constants.js';
import { formatPublished } from '../../corpus/published.js';
import type { CorpusModeration } from '../../moderation/corpusModeration.js';
import { truncate } from '../../render/markdown.js';
import type { KnowledgeStore } from '../../search/knowledgeStore.js';
import { foldText } from '../../search/textProcessing.js';

/** Statement and response ids for `/corpus add statement:` (comma-separated: each part completes). */
export function suggestEntries(store: KnowledgeStore, typed: string, kinds: 'statements' | 'both'): Choice[] {
  const parts = typed.split(',');
  const last = foldText((parts.pop() ?? '').trim());
  const before = parts.map((p) => p.trim()).filter(Boolean);
  const { statements, responses } = store.current.corpus.registry;
  const entries = kinds === 'both' ? [...statements, ...responses] : statements;
  const matches = entries.filter(
    (e) => !before.includes(e.id) && (last === '' || [e.id, e.title, e.date, formatPublished(e.date), ...e.aliases].some((s) => foldText(s).includes(last))),
  );
  return matches.map((e) => {
    const value = [...before, e.id].join(', ');
    const kind = 'respondsTo' in e ? 'response' : 'statement';
    const prefix = before.length > 0 ? `${before.join(', ')}, ` : '';
    return { name: truncate(`${prefix}${e.id}: ${kind}, ${e.title}`, DISCORD_LIMITS.choiceName), value };
  });
}

/** The suggestions for the focused option of a /corpus subcommand. */
export async function corpusSuggestions(store: KnowledgeStore, moderation: CorpusModeration, option: string, typed: string, sub: string | null): Promise<Choice[]> {
  if (option === 'statement') return suggestEntries(store, typed, 'both');
  if (option === 'responds-to') return suggestEntries(store, typed, 'statements');
  if (option === 'article' && sub === 'remove') return moderation.suggestArticles(typed);
  if (option === 'article' && sub === 'restore') {
    const text = foldText(typed.trim());
    return (await moderation.trash())
      .filter((e) => text === '' || foldText(e.id).includes(text))
      .map((e) => ({ name: `${e.id} (removed ${e.removedAt.slice(0, 16).replace('T', ' ')} UTC)`, value: e.id }));
  }
  return [];
}
