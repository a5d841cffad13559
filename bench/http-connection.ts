/**
 * One keep-alive HTTP/1.1 connection of the benchmarks' load, sending one fixed GET at a time: the request is built
 * once, and a response is read only as far as its status and Content-Length. Node's own client (an Agent, a
 * ClientRequest and an IncomingMessage per request) cost the load process about 0.16 ms of CPU per request on the
 * two-core development machine, CPU the servers it measures then lacked; wrk-style, this costs a fraction of that.
 */
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

export class HttpConnection {
  private received: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly request: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static open(url: URL, headers: Record<string, string>): Promise<HttpConnection> {
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Connection: keep-alive'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    const request = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true }, () => {
        socket.off('error', reject);
        resolve(new HttpConnection(socket, request));
      });
      socket.once('error', reject);
    });
  }

  /** Sends the GET; resolves with the response's status once all of its body has arrived. */
  get(): Promise<number> {
    if (this.waiting) return Promise.reject(new Error('one request at a time on a connection'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(this.request);
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headerEnd = this.received.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.received.toString('latin1', 0, headerEnd);
    const length = CONTENT_LENGTH.exec(head)?.[1];
    if (length === undefined) {
      this.fail(new Error(`a response without Content-Length: ${head.split('\r\n')[0]}`));
      return;
    }
    if (this.received.length < headerEnd + HEADER_END.length + Number(length)) return;
    this.received = Buffer.alloc(0);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(Number(head.slice(9, 12)));
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}
