import { PRESENTATION } from '../config/constants.js';
import { defineCommand } from './command.js';
import { declarations, helpDeclaration } from './definitions.js';

/** Every other command, from its declaration. */
const described = declarations.filter((d) => d !== helpDeclaration);

export const helpCommand = defineCommand(helpDeclaration, {
  run(knowledge) {
    const { articles, registry } = knowledge.corpus;
    const lines = described.map((d) => `• ${d.definition.name}: ${d.summary}.`);
    return {
      command: 'help',
      match: 'answered',
      query: null,
      statement: null,
      citations: [],
      lead: [
        `statement-desk answers from ${articles.length} news articles on ${registry.statements.length} joint statements about ${PRESENTATION.topic} and ${registry.responses.length} North Korean responses. Every answer cites the passages it rests on.`,
        ...lines,
        'Name a statement by date ("16 December"), nickname ("the NATO declaration") or words of its title.',
        'Ask whether a country signed: "did New Zealand sign the December statement?", "which statements did Japan sign?".',
      ].join('\n'),
    };
  },
});
