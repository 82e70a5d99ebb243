/**
 * Baseline: the socket.io room broadcast that OpenReplay-style assist servers are built on.
 * A client connects with `?role=source|sink&room=R`; sinks join room R, and every `frame`
 * a source emits is broadcast to the room (`socket.to(room).emit`). WebSocket transport
 * only, no per-message deflate. Prints its port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false,
  maxHttpBufferSize: 16 * 1024 * 1024,
  serveClient: false,
});
io.on('connection', (socket) => {
  const { role, room } = socket.handshake.query;
  const name = `room:${String(room)}`;
  // Joining happens in the same tick as the CONNECT packet, before the client can see it.
  if (role === 'sink') {
    void socket.join(name);
    return;
  }
  socket.on('frame', (data: Buffer) => {
    socket.to(name).emit('frame', data);
  });
});
http.listen(0, '127.0.0.1', () => console.log(`PORT ${(http.address() as AddressInfo).port}`));
