/**
 * Reads a slash command typed as text, the way Discord's composer shows it:
 * `/ask question: who signed the December statement? private: true`. Options are recognised by the
 * names in the command's definition, so a value may contain colons. The name of the main text option
 * (the only one, or the first option) may be left out (`/ask who signed?`, `/who-signed December`).
 * Subcommands follow the command as words (`/corpus remove article: …`). A leading `?` asks for
 * autocomplete suggestions instead (`?/who-signed statement: dec`), for the option typed last. The name
 * returned is the command with its subcommands (`corpus remove`), as the emulator takes it.
 */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { escapeRegExp } from '../../src/search/regex.js';

export type OptionValue = string | number | boolean;

export type ParsedCommandLine =
  | { ok: true; kind: 'command'; name: string; options: Record<string, OptionValue> }
  | { ok: true; kind: 'autocomplete'; name: string; options: Record<string, OptionValue>; focused: string }
  | { ok: false; error: string };

function convert(option: APIApplicationCommandOption, raw: string): OptionValue | { error: string } {
  const value = raw.trim();
  switch (option.type) {
    case ApplicationCommandOptionType.Boolean:
      if (/^(true|yes|on|1)$/i.test(value)) return true;
      if (/^(false|no|off|0)$/i.test(value)) return false;
      return { error: `${option.name} takes true or false` };
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const n = Number(value);
      if (
        value === '' ||
        !Number.isFinite(n) ||
        (option.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n))
      ) {
        return { error: `${option.name} takes a number` };
      }
      return n;
    }
    default:
      return value;
  }
}

export function parseCommandLine(
  line: string,
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[],
): ParsedCommandLine {
  let text = line.trim();
  const autocomplete = text.startsWith('?');
  if (autocomplete) text = text.slice(1).trim();
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
  if (!match) return { ok: false, error: 'a command starts with /, e.g. /help' };
  let name = match[1]!.toLowerCase();
  let rest = match[2]!;
  const definition = definitions.find((d) => d.name === name && (d.type === undefined || d.type === 1));
  if (!definition) return { ok: false, error: `there is no command /${name}` };
  let known = ('options' in definition ? (definition.options ?? []) : []) as APIApplicationCommandOption[];
  // Subcommands and groups come first, as words: `/corpus statement add id: …` runs "corpus statement add".
  while (
    known.length > 0 &&
    known.every(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    )
  ) {
    const word = /^\s*(\S+)/.exec(rest)?.[1]?.toLowerCase();
    const sub = known.find((o) => o.name === word);
    if (!sub) return { ok: false, error: `/${name} needs one of: ${known.map((o) => o.name).join(', ')}` };
    name = `${name} ${sub.name}`;
    rest = rest.replace(/^\s*\S+/, '');
    known = ('options' in sub ? (sub.options ?? []) : []) as APIApplicationCommandOption[];
  }

  const raw = new Map<string, string>();
  if (known.length > 0) {
    const names = known
      .map((o) => o.name)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    const marker = new RegExp(`(?:^|\\s)(${names.join('|')}):`, 'gi');
    const found = [...rest.matchAll(marker)];
    if (found.length === 0 && rest.trim() !== '') {
      // The command's main text: its only text option, or its first option when that is text (`/who-signed December`).
      const textOptions = known.filter((o) => o.type === ApplicationCommandOptionType.String);
      const main =
        textOptions.length === 1
          ? textOptions[0]
          : known[0]!.type === ApplicationCommandOptionType.String
            ? known[0]
            : undefined;
      if (!main) return { ok: false, error: `name the option, e.g. /${name} ${known[0]!.name}: …` };
      raw.set(main.name, rest);
    } else {
      if (found.length > 0 && rest.slice(0, found[0]!.index).trim() !== '') {
        return { ok: false, error: `“${rest.slice(0, found[0]!.index).trim()}” is not an option of /${name}` };
      }
      found.forEach((m, i) => {
        const start = m.index + m[0].length;
        const end = i + 1 < found.length ? found[i + 1]!.index : rest.length;
        raw.set(m[1]!.toLowerCase(), rest.slice(start, end));
      });
    }
  } else if (rest.trim() !== '') {
    return { ok: false, error: `/${name} takes no options` };
  }

  const options: Record<string, OptionValue> = {};
  for (const [key, value] of raw) {
    const option = known.find((o) => o.name === key)!;
    const converted = convert(option, value);
    if (typeof converted === 'object') return { ok: false, error: converted.error };
    options[key] = converted;
  }

  if (autocomplete) {
    const typed = [...raw.keys()];
    const focused = typed[typed.length - 1] ?? known.find((o) => 'autocomplete' in o && o.autocomplete)?.name;
    if (!focused) return { ok: false, error: `/${name} has no option with suggestions` };
    const option = known.find((o) => o.name === focused)!;
    if (!('autocomplete' in option && option.autocomplete))
      return { ok: false, error: `${focused} has no suggestions` };
    if (options[focused] === undefined) options[focused] = '';
    // The focused option goes last, as the emulator expects.
    const { [focused]: value, ...others } = options;
    return { ok: true, kind: 'autocomplete', name, options: { ...others, [focused]: value! }, focused };
  }
  const missing = known
    .filter((o) => 'required' in o && o.required && options[o.name] === undefined)
    .map((o) => o.name);
  if (missing.length > 0) return { ok: false, error: `/${name} needs ${missing.map((m) => `${m}: …`).join(' ')}` };
  return { ok: true, kind: 'command', name, options };
}
