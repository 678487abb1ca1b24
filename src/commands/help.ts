import { z } from 'zod';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { askCommand } from './ask.js';
import { PRESENTATION } from '../config/constants.js';
import { defineCommand } from './command.js';
import { dprkResponseCommand } from './dprk-response.js';
import { privateOption } from './options.js';
import { sourcesCommand } from './sources.js';
import { timelineCommand } from './timeline.js';
import { whoSignedCommand } from './who-signed.js';

const described = [askCommand, whoSignedCommand, dprkResponseCommand, timelineCommand, sourcesCommand];

export const helpCommand = defineCommand({
  name: 'help',
  summary: 'What the bot can answer and how to ask',
  definition: {
    name: 'help',
    description: 'What statement-desk can answer and how to ask',
    type: ApplicationCommandType.ChatInput,
    options: [privateOption],
  },
  options: z.object({}),
  run(knowledge) {
    const { articles, registry } = knowledge.corpus;
    const lines = described.map((c) => `• ${c.name}: ${c.summary}.`);
    return {
      command: 'help', match: 'answered', query: null, statement: null, citations: [],
      lead: [
        `statement-desk answers from ${articles.length} news articles on ${registry.statements.length} joint statements about ${PRESENTATION.topic} and ${registry.responses.length} North Korean responses. Every answer cites the passages it rests on.`,
        ...lines,
        'Name a statement by date ("16 December"), nickname ("the NATO declaration") or words of its title.',
        'Ask whether a country signed: "did New Zealand sign the December statement?", "which statements did Japan sign?".',
      ].join('\n'),
    };
  },
});
