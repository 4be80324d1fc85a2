import http from 'node:http';

/** How long an instance that refused a connection is left out before it is tried again. */
export const DOWN_FOR_MS = 5000;

/**
 * The instances of one service. Requests go round-robin over those that are up; an instance that
 * refused a connection is down for a few seconds. When every instance is down, all are tried anyway.
 */
export class Upstream {
  private readonly instances: Array<{ url: URL; downUntil: number }>;
  private nextIndex = 0;

  constructor(
    readonly service: string,
    urls: string,
    private readonly now: () => number = Date.now,
  ) {
    this.instances = urls.split(',').map((url) => ({ url: new URL(url), downUntil: 0 }));
  }

  /** The instances to try for one request, in order: the next in turn first, then the others. */
  attemptOrder(): URL[] {
    const start = this.nextIndex;
    this.nextIndex = (this.nextIndex + 1) % this.instances.length;
    const inTurn = [...this.instances.slice(start), ...this.instances.slice(0, start)];
    const up = inTurn.filter((instance) => instance.downUntil <= this.now());
    return (up.length > 0 ? up : inTurn).map((instance) => instance.url);
  }

  markDown(url: URL): void {
    const instance = this.instances.find((candidate) => candidate.url === url);
    if (instance) instance.downUntil = this.now() + DOWN_FOR_MS;
  }
}

/** Reused connections to the services; idle ones close before the services' keep-alive timeout does. */
export const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 30_000 });
