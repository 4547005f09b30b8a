/**
 * The benchmarks' HTTP/1.1 load: kept-alive connections over plain sockets, each sending one
 * request at a time and reading no more of the answer than its status and where it ends.
 *
 * The load runs on the same two cores as the server and PostgreSQL, so what it costs is taken from
 * them. node:http's client (a ClientRequest and an IncomingMessage with parsed headers and
 * streams per request) cost bench:booking 0.17-0.22 ms of CPU per booking, against pgbench's
 * 0.04-0.06 ms per book_session call it is compared with: about a tenth of all the CPU one
 * booking took on these cores, charged to the request path it measures. Here a request is one
 * string written to the socket and its answer a scan of the bytes that arrive.
 *
 * Answers are read as HTTP/1.1 says: a Content-Length body, a chunked one, or (no length) up to
 * the close; "Connection: close" closes the connection after the answer. A kept-alive connection
 * the server closed for idling just as it was taken again is tried once more on a fresh one, as
 * Node's documentation advises for its own agent.
 */
import net from "node:net";

export type LoadAnswer = { status: number; body: string };

type Pending = { resolve: (a: LoadAnswer) => void; reject: (e: Error) => void };

const HEADER_END = Buffer.from("\r\n\r\n");

/** One kept-alive connection; at most one request in flight. */
class Connection {
  readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  /** Bytes of the answer so far, to tell "closed before answering" from "closed mid-answer". */
  private received = 0;
  closed = false;
  used = false;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (err) => this.fail(err));
    this.socket.on("close", () => this.fail(Object.assign(new Error("socket closed"), { code: "ECONNRESET" })));
  }

  send(request: string, pending: Pending) {
    this.pending = pending;
    this.received = 0;
    this.used = true;
    this.socket.write(request);
  }

  private fail(err: Error) {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    // An answer without a length ends with the close.
    const whole = this.received > 0 ? this.parse(true) : null;
    if (whole) p.resolve({ status: whole.status, body: whole.body });
    else p.reject(Object.assign(err, { beforeAnswer: this.received === 0 }));
  }

  private onData(chunk: Buffer) {
    // Bytes while no request is in flight (a server's own 408 before it closes) answer nothing.
    if (!this.pending) return;
    this.received += chunk.length;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const answer = this.parse();
    if (!answer) return;
    const p = this.pending;
    this.pending = null;
    this.buffer = Buffer.alloc(0);
    if (answer.close) this.socket.destroy();
    p.resolve({ status: answer.status, body: answer.body });
  }

  /** The whole answer if it is in, else null (more bytes to come). `closed`: the server closed the connection. */
  private parse(closed = false): { status: number; body: string; close: boolean } | null {
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return null;
    const head = this.buffer.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    const close = /\r\nconnection:\s*close/i.test(head);
    const bodyStart = end + 4;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      const bodyEnd = bodyStart + Number(length[1]);
      if (this.buffer.length < bodyEnd) return null;
      return { status, close, body: this.buffer.toString("utf8", bodyStart, bodyEnd) };
    }
    if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = this.buffer.indexOf("\r\n", at);
        if (lineEnd < 0) return null;
        const size = parseInt(this.buffer.toString("latin1", at, lineEnd), 16);
        if (size === 0)
          return this.buffer.indexOf("\r\n", lineEnd + 2) < 0 ? null : { status, close, body: Buffer.concat(parts).toString("utf8") };
        if (this.buffer.length < lineEnd + 2 + size + 2) return null;
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
    }
    // 1xx, 204 and 304 have no body; anything else without a length runs to the close.
    if (status < 200 || status === 204 || status === 304) return { status, close, body: "" };
    return closed ? { status, close, body: this.buffer.toString("utf8", bodyStart) } : null;
  }
}

/**
 * Kept-alive connections to one server, as many as there are requests in flight: a request takes
 * an idle one or opens another, and gives it back when answered.
 */
export class HttpLoad {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();

  constructor(origin: string) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  /** POSTs a JSON body to `path` with `cookie`; answers the status and body. */
  post(path: string, cookie: string, body: string): Promise<LoadAnswer> {
    const request =
      `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCookie: ${cookie}\r\n\r\n${body}`;
    return this.send(request, false);
  }

  private send(request: string, retried: boolean): Promise<LoadAnswer> {
    let connection = this.idle.pop();
    while (connection?.closed) connection = this.idle.pop();
    if (!connection) {
      connection = new Connection(this.host, this.port);
      this.open.add(connection);
      connection.socket.once("close", () => this.open.delete(connection!));
    }
    const c = connection;
    const reused = c.used;
    return new Promise<LoadAnswer>((resolve, reject) => c.send(request, { resolve, reject })).then(
      (answer) => {
        if (!c.closed) this.idle.push(c);
        return answer;
      },
      (err: Error & { beforeAnswer?: boolean }) => {
        if (reused && err.beforeAnswer && !retried) return this.send(request, true);
        throw err;
      },
    );
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.open) c.socket.destroy();
    this.open.clear();
    this.idle.length = 0;
  }
}
