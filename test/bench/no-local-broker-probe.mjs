// Benchmark-only preload (`NODE_OPTIONS=--import <this file>`), plain JavaScript so the compiled
// service needs no TypeScript loader (tsx's off-thread loader alone adds tens of MB of RSS).
// The service sees no broker on 127.0.0.1:1883, as on a Pi without Mosquitto, so `mqtt: auto`
// starts the embedded aedes broker (on `mqtt.embeddedPort`). This machine runs a shared Mosquitto
// there that the benchmark must neither measure nor fill with demo topics. Connections to
// 127.0.0.1:1883 are sent to port 1, where nothing listens (refused at once).
import net from 'node:net';

const originalConnect = net.connect;
function redirected(...args) {
  const options = args[0];
  if (typeof options === 'object' && options !== null && options.port === 1883 && [undefined, '127.0.0.1', 'localhost'].includes(options.host)) {
    args[0] = { ...options, port: 1 };
  }
  return originalConnect.apply(this, args);
}
net.connect = redirected;
net.createConnection = redirected;
