// A WebSocket stand-in for unit tests: records what the client sends and lets the test open, message and close it.
import type { SocketLike } from './ws';

export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];

  static latest(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (socket === undefined) throw new Error('No socket was opened.');
    return socket;
  }

  readonly url: string;
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close() {
    this.readyState = 3;
  }

  /** The server accepted the connection. */
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The server sent a JSON message. */
  receive(message: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The connection dropped (with the server's close code, when it closed it on purpose). */
  drop(code?: number) {
    this.readyState = 3;
    this.onclose?.(code === undefined ? {} : { code });
  }
}
