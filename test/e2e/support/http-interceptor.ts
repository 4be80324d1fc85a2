import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InterceptedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * An HTTP relay in front of a service: every request goes on to `target` as it came, and
 * `afterForward`, when set, runs once the target answered and before the caller gets the answer
 * (to make something happen "right after" a call succeeded).
 */
export async function startHttpInterceptor(target: string) {
  const interceptor = {
    url: '',
    afterForward: undefined as ((request: InterceptedRequest) => Promise<void>) | undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)) as Array<[string, string]>,
      );
      const method = req.method ?? 'GET';
      const answer = await fetch(`${target}${req.url}`, { method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await answer.arrayBuffer());
      await interceptor.afterForward?.({ method, path: req.url ?? '', headers });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  interceptor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return interceptor;
}
