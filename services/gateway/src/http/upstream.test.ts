import { Upstream } from './upstream.js';

describe('Upstream', () => {
  it('spreads requests round-robin over every configured instance', () => {
    const upstream = new Upstream('tickets', 'http://a:1,http://b:2,http://c:3');
    expect(Array.from({ length: 6 }, () => upstream.next().host)).toEqual(['a:1', 'b:2', 'c:3', 'a:1', 'b:2', 'c:3']);
  });

  it('always answers the one instance when there is one', () => {
    const upstream = new Upstream('tickets', 'http://only:1');
    expect([upstream.next().host, upstream.next().host]).toEqual(['only:1', 'only:1']);
  });
});
