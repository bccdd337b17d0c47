// The live statistics stream. EventSource cannot send an Authorization header, so this reads the server-sent events
// from fetch()'s streaming body.
import { fetchApi } from './client';
import type { LiveUpdate } from './types';

/** An incremental parser of the text/event-stream format: feed it chunks, get back the data of complete events. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** Returns the data of every event completed by this chunk. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const events: string[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl);
      const eolLength = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for more.
      if (this.buffer[nl] === '\r' && eolLength === 1 && nl === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(nl + eolLength);
      if (line === '') {
        if (this.data.length > 0) events.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      // comments (":"), event:, id: and retry: lines are not used by this stream
    }
    return events;
  }
}

export interface LiveHandlers {
  onUpdate(update: LiveUpdate): void;
  /** The stream ended: the run ended or the server closed it. */
  onEnd(): void;
  onError(error: unknown): void;
}

/** Follows /api/runs/{id}/live until it ends or the signal aborts. */
export async function followLive(runId: string, handlers: LiveHandlers, signal: AbortSignal): Promise<void> {
  try {
    const res = await fetchApi(`/api/runs/${encodeURIComponent(runId)}/live`, { accept: 'text/event-stream', signal });
    if (!res.body) throw new Error('this browser cannot read streamed responses');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const data of parser.push(value)) {
        try {
          handlers.onUpdate(JSON.parse(data) as LiveUpdate);
        } catch (e) {
          handlers.onError(e);
        }
      }
    }
    handlers.onEnd();
  } catch (e) {
    if (signal.aborted) return;
    handlers.onError(e);
  }
}
