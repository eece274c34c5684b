// A Server-Sent Events client over fetch, for /api/events (and a driver's /api/driver/events: `path`).
import type { App } from '../../src/app.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

export interface StreamEvent {
  id: string | null;
  event: string;
  data: any;
  receivedAt: number;
}

export class EventStreamClient {
  readonly events: StreamEvent[] = [];
  private waiters: Array<() => void> = [];
  private constructor(private readonly abort: AbortController) {}

  static async open(app: App, o: { token?: string; lastEventId?: string; path?: string } = {}): Promise<EventStreamClient> {
    const abort = new AbortController();
    const res = await fetch(`${app.url}${o.path ?? '/api/events'}`, {
      headers: {
        authorization: `Bearer ${o.token ?? TEST_ADMIN_TOKEN}`,
        ...(o.lastEventId ? { 'last-event-id': o.lastEventId } : {}),
      },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
    const client = new EventStreamClient(abort);
    void client.read(res.body);
    return client;
  }

  /**
   * The first event (from the start of the stream) that matches, waiting up to timeoutMs for it. The bound is
   * generous for a loaded 2-core machine: a test asserts that the event comes, not how fast.
   */
  async next(match: (e: StreamEvent) => boolean, timeoutMs = 15_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private parse(block: string): void {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || !line.includes(':')) continue;
      const i = line.indexOf(':');
      fields.set(line.slice(0, i), line.slice(i + 1).trimStart());
    }
    const event = fields.get('event');
    if (!event) return;
    this.events.push({ id: fields.get('id') ?? null, event, data: JSON.parse(fields.get('data') ?? 'null'), receivedAt: Date.now() });
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}
