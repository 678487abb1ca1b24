/**
 * Snowflake and token generation for the emulator.
 *
 * Ids are real snowflakes (timestamp in the top bits) so discord.js computes sensible
 * `createdTimestamp`s; the low 22 bits are a process-wide counter so ids are unique and increasing.
 */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

/** A fresh, unique, increasing snowflake. */
export function snowflake(at: number = Date.now()): string {
  counter = (counter + 1n) & 0x3fffffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | counter).toString();
}

/** An opaque random token (interaction tokens, session ids). */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(24).toString('hex');
}

/** Shard that Discord routes a guild to: `(guild_id >> 22) % num_shards`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
