// A minimal RFC 6455 server side: the handshake, unmasked server frames, masked client frames.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface FakeSocket {
  sendText(text: string): void;
  /** Clean close with a close frame. */
  close(code?: number): void;
  /** Abrupt drop: no close frame (like a network failure). */
  destroy(): void;
  readonly closed: boolean;
  onText?: (text: string) => void;
  onClose?: () => void;
}

export function acceptUpgrade(req: IncomingMessage, socket: Duplex): FakeSocket | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  let closed = false;
  const fake: FakeSocket = {
    get closed() {
      return closed;
    },
    sendText(text) {
      if (!closed) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    close(code = 1000) {
      if (closed) return;
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code);
      socket.write(frame(0x8, payload));
      closed = true;
      socket.end();
    },
    destroy() {
      closed = true;
      socket.destroy();
    },
  };
  const finish = () => {
    if (fake.onClose && !(fake as { _done?: boolean })._done) {
      (fake as { _done?: boolean })._done = true;
      closed = true;
      fake.onClose();
    }
  };
  socket.on('close', finish);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = parseFrame(buffer);
      if (!parsed) break;
      buffer = buffer.subarray(parsed.size);
      if (parsed.opcode === 0x1) fake.onText?.(parsed.payload.toString('utf8'));
      else if (parsed.opcode === 0x9) socket.write(frame(0xa, parsed.payload));
      else if (parsed.opcode === 0x8) {
        if (!closed) socket.write(frame(0x8, parsed.payload.subarray(0, 2)));
        closed = true;
        socket.end();
      }
    }
  });
  return fake;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const header = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (len < 126) header[1] = len;
  else if (len < 65536) {
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

function parseFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return undefined;
  const mask = masked ? buf.subarray(offset, offset + 4) : undefined;
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { opcode, payload, size: offset + maskLen + len };
}
