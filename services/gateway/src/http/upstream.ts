import http from 'node:http';

/** The instances of one service; requests go round-robin over them. */
export class Upstream {
  private readonly targets: URL[];
  private nextIndex = 0;

  constructor(
    readonly service: string,
    urls: string,
  ) {
    this.targets = urls.split(',').map((url) => new URL(url));
  }

  next(): URL {
    const target = this.targets[this.nextIndex % this.targets.length]!;
    this.nextIndex = (this.nextIndex + 1) % this.targets.length;
    return target;
  }
}

/** Reused connections to the services; idle ones close before the services' keep-alive timeout does. */
export const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 30_000 });
