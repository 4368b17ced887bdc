import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Config } from '../config/index.js';
import type { Runtime } from '../runtime.js';

export interface RunningServer {
  readonly url: string;
  readonly server: ServerType;
  /** Stop accepting, let in-flight requests finish (up to the grace period), then close. */
  stop(): Promise<void>;
}

export async function listen(runtime: Runtime, config: Config): Promise<RunningServer> {
  const { logger } = runtime.deps;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: runtime.app.fetch,
        hostname: config.server.host,
        port: config.server.port,
        serverOptions: {
          // Slow-loris bounds: a client must send headers and body promptly.
          headersTimeout: 10_000,
          requestTimeout: Math.max(config.server.requestTimeoutMs * 2, 10_000),
          keepAliveTimeout: 5_000,
          maxHeaderSize: 16_384,
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'agentwall listening');
  return {
    url,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn('grace period over; closing remaining connections');
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, config.server.shutdownGraceMs);
        force.unref();
        // Keep-alive sockets become idle as their last response finishes; close each as it does,
        // rather than waiting for the keep-alive timeout.
        const reap = setInterval(() => {
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        }, 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(reap);
          resolve();
        });
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await runtime.close();
    },
  };
}
