import { DOWN_FOR_MS, Upstream } from './upstream.js';

const hosts = (urls: URL[]) => urls.map((url) => url.host);

describe('Upstream', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('spreads requests round-robin over every configured instance, the others next in line', () => {
    const upstream = new Upstream('tickets', 'http://a:1,http://b:2,http://c:3', now);
    const firsts = Array.from({ length: 6 }, () => upstream.attemptOrder());
    expect(firsts.map((order) => order[0]!.host)).toEqual(['a:1', 'b:2', 'c:3', 'a:1', 'b:2', 'c:3']);
    expect(hosts(firsts[1]!)).toEqual(['b:2', 'c:3', 'a:1']);
  });

  it('always answers the one instance when there is one', () => {
    const upstream = new Upstream('tickets', 'http://only:1', now);
    expect([hosts(upstream.attemptOrder()), hosts(upstream.attemptOrder())]).toEqual([['only:1'], ['only:1']]);
  });

  it('leaves an instance that refused a connection out for a few seconds, then tries it again', () => {
    const upstream = new Upstream('tickets', 'http://a:1,http://b:2', now);
    upstream.markDown(upstream.attemptOrder()[1]!);
    expect(Array.from({ length: 4 }, () => hosts(upstream.attemptOrder()))).toEqual([['a:1'], ['a:1'], ['a:1'], ['a:1']]);
    clock += DOWN_FOR_MS;
    expect([hosts(upstream.attemptOrder()), hosts(upstream.attemptOrder())]).toEqual([['b:2', 'a:1'], ['a:1', 'b:2']]);
  });

  it('tries every instance anyway when all are down', () => {
    const upstream = new Upstream('tickets', 'http://a:1,http://b:2', now);
    for (const url of upstream.attemptOrder()) upstream.markDown(url);
    expect(hosts(upstream.attemptOrder())).toEqual(['b:2', 'a:1']);
  });
});
