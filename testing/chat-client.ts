import WebSocket from 'ws';

/** A frame as the server sent it. */
export type Frame = { readonly type: string } & Record<string, unknown>;
export interface ChatMessage {
  readonly id: string;
  readonly seq: number;
  readonly clientMessageId: string | null;
  readonly authorKind: string;
  readonly text: string;
  readonly kind?: string;
  readonly citation?: { articleId: string; title: string };
}

/**
 * A real WebSocket client of the chat protocol (docs/channels.md) for tests and benchmarks: it
 * records every frame and lets a test wait for the one it expects.
 */
export class ChatClient {
  readonly frames: Frame[] = [];
  private waiters: { predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async connect(url: string): Promise<ChatClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new ChatClient(socket);
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame, already received or still to come, that satisfies `predicate`. */
  next(predicate: (frame: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  /** Messages received, in arrival order. */
  messages(): ChatMessage[] {
    return this.frames.filter((f) => f.type === 'message').map((f) => f.message as ChatMessage);
  }

  /** Sends a text and waits for its ack and for `replies` bot messages after it; returns those. */
  async say(text: string, clientMessageId: string, replies = 1): Promise<ChatMessage[]> {
    let ack: Frame | undefined;
    // As a widget does: a send refused for its rate is sent again once the server says it may be.
    while (!ack) {
      const from = this.frames.length;
      this.send({ type: 'send', clientMessageId, text });
      const answer = await this.next(
        (f) =>
          (f.type === 'ack' && f.clientMessageId === clientMessageId) ||
          (f.type === 'error' &&
            f.code === 'rate_limited' &&
            (f.ref as { clientMessageId?: string } | undefined)?.clientMessageId === clientMessageId),
        10_000,
        from,
      );
      if (answer.type === 'ack') ack = answer;
      else await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfterMs ?? 500)));
    }
    const after = ack.seq as number;
    const bot = () => this.messages().filter((m) => m.authorKind === 'bot' && m.seq > after);
    const deadline = Date.now() + 10_000;
    while (bot().length < replies) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${replies} replies to "${text}", got ${bot().length}: ${JSON.stringify(bot().map((m) => m.text))}`,
        );
      await this.next(() => true, deadline - Date.now(), this.frames.length).catch(() => undefined);
    }
    return bot();
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}
