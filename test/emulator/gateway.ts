/**
 * Gateway v10 over WebSocket (JSON text frames, no compression needed).
 *
 * HELLO → IDENTIFY → READY + one GUILD_CREATE per guild of the shard; heartbeat ACKs; RESUME replays
 * buffered events with `s > seq` and then sends RESUMED. Events dispatched while the bot is
 * disconnected are buffered in the session and delivered only if the client resumes (as on Discord).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { randomToken, shardForGuild } from './ids.js';
import { buildGuildCreate, buildReady } from './payloads.js';
import type { EmulatorState } from './state.js';

export const GATEWAY_PATH = '/gateway';
export const RESUME_PATH = '/resume';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

interface Frame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

export interface GatewaySession {
  id: string;
  shard: [number, number];
  token: string;
  seq: number;
  /** Every dispatch of this session (bounded), for RESUME replay. */
  buffer: Frame[];
  ws: WebSocket | undefined;
}

/** GuildMembers | GuildPresences | MessageContent. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

export interface ConnectionEvent {
  kind: 'identify' | 'resume';
  sessionId: string;
  shard: [number, number];
  /** Events replayed on RESUME (not counting RESUMED). */
  replayed: number;
  at: number;
}

export interface DropOptions {
  /** Keep the session so the client can RESUME (default true). false invalidates it: the client re-identifies. */
  resume?: boolean;
  /**
   * How to drop: `terminate` = abrupt TCP drop (client sees 1006), `close` = close frame (4000 if
   * resumable, 1000 otherwise), `reconnect` = send op 7 RECONNECT. Default: `terminate` when resuming,
   * `close` otherwise.
   */
  mode?: 'terminate' | 'close' | 'reconnect';
  /** Only drop this shard (default: all). */
  shardId?: number;
}

const BUFFER_LIMIT = 2000;

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  readonly sessions = new Map<string, GatewaySession>();
  readonly connectionEvents: ConnectionEvent[] = [];
  /** Set to false to stop answering heartbeats (the client then sees a zombie connection). */
  ackHeartbeats = true;
  /** Privileged intents the application may use (as toggled in the Developer Portal). Default none. */
  allowedPrivilegedIntents = 0;
  /** Intents of the last IDENTIFY. */
  lastIntents: number | undefined;

  constructor(
    private readonly state: EmulatorState,
    private readonly urls: () => { gateway: string; resume: string },
    private readonly heartbeatIntervalMs: number,
  ) {}

  /** Handles an HTTP upgrade; returns false if the path is not a gateway path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_PATH) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
    return true;
  }

  private send(ws: WebSocket, frame: Frame): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    if (url.searchParams.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json') {
      ws.close(4002, 'Only JSON encoding is emulated');
      return;
    }
    let session: GatewaySession | undefined;
    this.send(ws, { op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });

    ws.on('message', (raw, isBinary) => {
      let frame: Frame;
      try {
        if (isBinary) throw new Error('binary frame');
        frame = JSON.parse(String(raw)) as Frame;
      } catch {
        ws.close(4002, 'Error while decoding payload');
        return;
      }
      switch (frame.op) {
        case Op.Heartbeat:
          if (this.ackHeartbeats) this.send(ws, { op: Op.HeartbeatAck, d: null, s: null, t: null });
          break;
        case Op.Identify:
          if (session) return ws.close(4005, 'Already authenticated');
          session = this.identify(ws, frame.d);
          break;
        case Op.Resume:
          if (session) return ws.close(4005, 'Already authenticated');
          session = this.resume(ws, frame.d);
          break;
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
        case Op.RequestGuildMembers:
        case Op.RequestSoundboardSounds:
          if (!session) ws.close(4003, 'Not authenticated');
          break;
        default:
          ws.close(4001, 'Unknown opcode');
      }
    });
    ws.on('close', () => {
      if (session?.ws === ws) session.ws = undefined;
      this.state.changed();
    });
    ws.on('error', () => {
      /* the client vanished; nothing to do */
    });
  }

  private identify(ws: WebSocket, d: unknown): GatewaySession | undefined {
    const data = (d ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (typeof data.token !== 'string' || data.token.length === 0) {
      ws.close(4004, 'Authentication failed');
      return undefined;
    }
    if (typeof data.intents !== 'number') {
      ws.close(4013, 'Invalid intent(s)');
      return undefined;
    }
    this.lastIntents = data.intents;
    const disallowed = data.intents & PRIVILEGED_INTENTS & ~this.allowedPrivilegedIntents;
    if (disallowed !== 0) {
      // As Discord does for an app whose privileged intents are off in the Developer Portal.
      this.state.addViolation({
        rule: 'gateway.intents.privileged',
        message: `IDENTIFY asked for privileged intents ${disallowed} (GuildMembers 2, GuildPresences 256, MessageContent 32768) that the application has not enabled`,
        source: 'gateway IDENTIFY',
        rejected: true,
      });
      ws.close(4014, 'Disallowed intent(s)');
      return undefined;
    }
    const shard: [number, number] =
      Array.isArray(data.shard) && data.shard.length === 2 ? [Number(data.shard[0]), Number(data.shard[1])] : [0, 1];
    if (shard[0] < 0 || shard[0] >= shard[1]) {
      ws.close(4010, 'Invalid shard');
      return undefined;
    }
    const session: GatewaySession = { id: randomToken(), shard, token: data.token, seq: 0, buffer: [], ws };
    // A new IDENTIFY replaces older sessions of the same shard.
    for (const [id, old] of this.sessions) if (old.shard[0] === shard[0]) this.sessions.delete(id);
    this.sessions.set(session.id, session);
    const guilds = this.state.options.guilds.filter((g) => shardForGuild(g.id, shard[1]) === shard[0]);
    const { resume } = this.urls();
    this.dispatchTo(
      session,
      'READY',
      buildReady({
        bot: this.state.bot,
        guildIds: guilds.map((g) => g.id),
        sessionId: session.id,
        resumeGatewayUrl: resume,
        shard,
      }),
    );
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', buildGuildCreate(guild, this.state.bot));
    this.connectionEvents.push({ kind: 'identify', sessionId: session.id, shard, replayed: 0, at: Date.now() });
    this.state.changed();
    return session;
  }

  private resume(ws: WebSocket, d: unknown): GatewaySession | undefined {
    const data = (d ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    const session = typeof data.session_id === 'string' ? this.sessions.get(data.session_id) : undefined;
    if (!session || session.token !== data.token) {
      this.send(ws, { op: Op.InvalidSession, d: false, s: null, t: null });
      return undefined;
    }
    if (session.ws && session.ws !== ws) session.ws.terminate();
    session.ws = ws;
    const seq = typeof data.seq === 'number' ? data.seq : 0;
    const replay = session.buffer.filter((f) => (f.s ?? 0) > seq);
    for (const frame of replay) this.send(ws, frame);
    this.dispatchTo(session, 'RESUMED', null);
    this.connectionEvents.push({
      kind: 'resume',
      sessionId: session.id,
      shard: session.shard,
      replayed: replay.length,
      at: Date.now(),
    });
    this.state.changed();
    return session;
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): Frame {
    session.seq += 1;
    const frame: Frame = { op: Op.Dispatch, t, s: session.seq, d };
    session.buffer.push(frame);
    if (session.buffer.length > BUFFER_LIMIT) session.buffer.splice(0, session.buffer.length - BUFFER_LIMIT);
    if (session.ws) this.send(session.ws, frame);
    return frame;
  }

  /** The session that receives events of a guild (DMs go to shard 0). */
  sessionFor(guildId: string | undefined): GatewaySession | undefined {
    let found: GatewaySession | undefined;
    for (const session of this.sessions.values()) {
      const target = guildId ? shardForGuild(guildId, session.shard[1]) : 0;
      if (session.shard[0] === target) found = session;
    }
    return found;
  }

  /**
   * Sends a dispatch event. If the client is disconnected the event is buffered and delivered on RESUME.
   * Throws if the bot never identified.
   */
  dispatch(t: string, d: unknown, guildId: string | undefined): { sessionId: string; seq: number; delivered: boolean } {
    const session = this.sessionFor(guildId);
    if (!session) {
      throw new Error(
        `Cannot dispatch ${t}: no gateway session${guildId ? ` for guild ${guildId}` : ''}. Did the client log in (await ClientReady or emu.waitForReady()) before dispatching?`,
      );
    }
    const delivered = session.ws?.readyState === WebSocket.OPEN;
    const frame = this.dispatchTo(session, t, d);
    return { sessionId: session.id, seq: frame.s ?? 0, delivered };
  }

  /** Drops live connections; resolves when the server side has seen them close. */
  async drop(options: DropOptions = {}): Promise<number> {
    const resume = options.resume ?? true;
    const mode = options.mode ?? (resume ? 'terminate' : 'close');
    const closing: Promise<void>[] = [];
    for (const session of [...this.sessions.values()]) {
      if (options.shardId !== undefined && session.shard[0] !== options.shardId) continue;
      if (!resume) this.sessions.delete(session.id);
      const ws = session.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) continue;
      closing.push(new Promise<void>((resolve) => ws.once('close', () => resolve())));
      if (mode === 'terminate') ws.terminate();
      else if (mode === 'close') ws.close(resume ? 4000 : 1000, 'Emulator dropped the connection');
      else this.send(ws, { op: Op.Reconnect, d: null, s: null, t: null });
      session.ws = undefined;
    }
    await Promise.all(closing);
    return closing.length;
  }

  get connected(): boolean {
    for (const s of this.sessions.values()) if (s.ws?.readyState === WebSocket.OPEN) return true;
    return false;
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
