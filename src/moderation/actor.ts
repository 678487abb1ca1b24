import { userInfo } from 'node:os';
import { z } from 'zod';

/** Who made a change: a Discord user, or an operator at the terminal. */
export const actorSchema = z.strictObject({
  /** Stable id: the Discord user id, or "cli:<login>". */
  id: z.string().min(1).max(100),
  /** Display name at the time of the change, for people reading the log. */
  name: z.string().min(1).max(100),
  via: z.enum(['discord', 'cli']),
});
export type Actor = z.infer<typeof actorSchema>;

/** The operator running the CLI, by login name. */
export function terminalActor(env: NodeJS.ProcessEnv = process.env): Actor {
  let login = env.USER || env.USERNAME || 'operator';
  try {
    login = userInfo().username || login;
  } catch {
    // No passwd entry (some containers): the environment's name will do.
  }
  return { id: `cli:${login}`, name: login, via: 'cli' };
}
