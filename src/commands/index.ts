import { askCommand } from './ask.js';
import type { Command } from './command.js';
import { dprkResponseCommand } from './dprkResponse.js';
import { helpCommand } from './help.js';
import { sourcesCommand } from './sources.js';
import { timelineCommand } from './timeline.js';
import { whoSignedCommand } from './whoSigned.js';

/** Every command, by name: the CLI, the Discord router and the deploy script all read this list. */
export const commands: Command[] = [
  askCommand,
  whoSignedCommand,
  dprkResponseCommand,
  timelineCommand,
  sourcesCommand,
  helpCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

export type { Command, Choice } from './command.js';
