import net from 'node:net';

/** MQTT 3.1.1 CONNECT, clean session, keep-alive 10 s, client id "frontdesk-probe". */
const connectPacket = (() => {
  const clientId = Buffer.from('frontdesk-probe');
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x0a]);
  const payload = Buffer.concat([Buffer.from([clientId.length >> 8, clientId.length & 0xff]), clientId]);
  const body = Buffer.concat([variable, payload]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
})();
const disconnectPacket = Buffer.from([0xe0, 0x00]);

/**
 * True when something on host:port answers an MQTT CONNECT with a CONNACK (whatever its return
 * code). A port held by another kind of server, or nothing at all, gives false.
 */
export function answersMqtt(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let settled = false;
    const finish = (answer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (answer) socket.end(disconnectPacket);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write(connectPacket));
    socket.once('data', (data) => finish(data[0] === 0x20));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}
