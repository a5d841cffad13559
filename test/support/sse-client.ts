/**
 * A Server-Sent Events client as a console would write one: fetch with a bearer token, `Last-Event-ID` on resume, and
 * a parser of the text/event-stream format (events, ids, comments) over the raw body.
 */
export interface StreamEvent {
  id: string | null;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: payloads are asserted field by field
  data: any;
}

export interface SseConnection {
  status: number;
  events: StreamEvent[];
  comments: string[];
  /** Resolves once the server has closed the stream. */
  closed: Promise<void>;
  close(): void;
}

export async function openEventStream(
  url: string,
  options: { token?: string; lastEventId?: string | null },
): Promise<SseConnection> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const read = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = { id: null as string | null, event: 'message', data: [] as string[] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) fields.id = line.slice(4);
            else if (line.startsWith('event: ')) fields.event = line.slice(7);
            else if (line.startsWith('data: ')) fields.data.push(line.slice(6));
          }
          if (fields.data.length > 0) {
            events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data.join('\n')) });
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close(), or the server went away: either way the stream is over.
    }
  };
  const closed = response.ok ? read() : response.text().then(() => undefined);
  return { status: response.status, events, comments, closed, close: () => controller.abort() };
}
