/**
 * The feedback buttons under every answer (👍, 👎, and "Wrong statement" where the answer resolved a
 * statement): one vote per person per answer, in the question log, replaced by a later click. The
 * click is acknowledged in a message only the voter sees; the answer itself never changes, so no one
 * else sees who voted or how. The state is in the button (the answer's id), so buttons on messages
 * from before a restart keep working.
 */
import type { AnswerLog, Vote } from '../usage/answerLog.js';
import { decodeFeedback, FEEDBACK_PREFIX } from './buttons.js';
import type { Outcome } from './metrics.js';
import type { Incoming } from './incoming.js';
import { noteMessage } from './replies.js';
import type { InteractionHandler } from './router.js';

const SHOWN: Record<Vote, string> = {
  up: '👍 helpful',
  down: '👎 not helpful',
  'wrong-statement': 'about the wrong statement',
};

export const FEEDBACK_NOTES = {
  thanks: (vote: Vote) =>
    vote === 'up'
      ? 'Thanks! You marked this answer 👍 helpful. Only you see this; the answer stays as it is for everyone.'
      : `Thanks: you marked this answer ${SHOWN[vote]}. Moderators see the questions the bot misses, so they can add articles that answer them. Only you see this.`,
  changed: (from: Vote, to: Vote) =>
    `Changed your vote on this answer from ${SHOWN[from]} to ${SHOWN[to]}. Only you see this.`,
  same: (vote: Vote) =>
    `You had already marked this answer ${SHOWN[vote]}; your vote stands. The other buttons change it.`,
  unknown: (retentionDays: number) =>
    `This answer is no longer in the question log (answers are kept for ${retentionDays} days), so the vote was not counted. Ask again for a fresh answer.`,
  off: 'Feedback is not being recorded on this bot, so the vote was not counted.',
  unavailable: 'I couldn’t record your vote just now; please try again in a minute.',
  expired: 'This button no longer works (it is from an older version of the bot).',
} as const;

export interface FeedbackHandlerOptions {
  answerLog: AnswerLog;
  /** Counts each vote recorded (the metrics). */
  onVote?: (vote: Vote, changed: boolean) => void;
}

export function createFeedbackHandler({ answerLog, onVote }: FeedbackHandlerOptions): InteractionHandler {
  async function say(i: Incoming, text: string, outcome: Outcome): Promise<Outcome> {
    await i.reply(noteMessage(text), true);
    return outcome;
  }

  return {
    name: 'feedback',
    matches: (i: Incoming) => i.kind === 'button' && (i.customId ?? '').startsWith(`${FEEDBACK_PREFIX}:`),
    async handle(i) {
      if (i.kind !== 'button' || i.customId === null) return 'unknown';
      const parsed = decodeFeedback(i.customId);
      if (!parsed.ok) return say(i, FEEDBACK_NOTES.expired, 'expired');
      const { answerId, vote } = parsed.state;
      const result = answerLog.vote(answerId, i.user.id, vote);
      if (!result.ok) {
        switch (result.reason) {
          case 'unknown-answer':
            return say(i, FEEDBACK_NOTES.unknown(answerLog.health().retentionDays), 'expired');
          case 'off':
            return say(i, FEEDBACK_NOTES.off, 'refused');
          default:
            return say(i, FEEDBACK_NOTES.unavailable, 'refused');
        }
      }
      if (result.previous !== result.vote) onVote?.(result.vote, result.previous !== null);
      if (result.previous === null) return say(i, FEEDBACK_NOTES.thanks(result.vote), 'ok');
      if (result.previous === result.vote) return say(i, FEEDBACK_NOTES.same(result.vote), 'ok');
      return say(i, FEEDBACK_NOTES.changed(result.previous, result.vote), 'ok');
    },
  };
}
