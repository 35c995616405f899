import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What a stream's source gives it: a write function in, an unsubscribe out. */
export type StreamSource = (write: (message: string) => void) => () => void;

/**
 * Server-Sent Events for one route of `app`. Open streams never end by themselves, so every one
 * still open is ended when the server closes (or `close()` would wait forever); a keep-alive
 * comment every 15 s keeps proxies and phones from dropping an idle stream.
 */
export function eventStreams(app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply, retryMs: number, source: StreamSource) => void {
  const streams = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of streams) end();
    done();
  });
  return (request, reply, retryMs, source) => {
    void reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(`retry: ${retryMs}\n\n`);
    const unsubscribe = source((message) => out.write(message));
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
    const close = () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(end);
    };
    const end = () => {
      close();
      out.end();
    };
    streams.add(end);
    request.raw.on('close', close);
    out.on('error', close);
  };
}
