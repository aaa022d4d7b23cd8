/**
 * A round-robin load balancer in front of Strapi nodes (processes: tests/helpers/node-process.ts), as a site
 * runs several nodes behind one webhook URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** The nodes requests go to, in turn; none: 502, as a balancer with no healthy node answers. */
  route(upstreams: string[]): void;
  /** Requests each upstream received. */
  counts(): Map<string, number>;
  close(): Promise<void>;
}

export const startBalancer = async (): Promise<Balancer> => {
  let upstreams: string[] = [];
  let turn = 0;
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const target = upstreams.length ? upstreams[turn++ % upstreams.length] : null;
    const refuse = () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    };
    if (!target) return void req.resume().on('end', refuse);
    counts.set(target, (counts.get(target) ?? 0) + 1);
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', refuse);
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    route: (next) => {
      upstreams = next;
    },
    counts: () => new Map(counts),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
