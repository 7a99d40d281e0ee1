import { describe, expect, it } from 'vitest';
import { blogPeeringSnapshot } from './__fixtures__/blog-peering';
import { renderPing } from './ping';
import { reachability } from './reachability';

describe('renderPing', () => {
  const snapshot = blogPeeringSnapshot();

  it('prints replies and statistics like the blog’s EC2A→EC2B transcript', () => {
    const result = reachability(snapshot, {
      from: 'handson-vpc-peering1',
      to: '10.200.0.230',
      protocol: 'icmp',
    });
    const out = renderPing(result, { count: 5, interrupted: true });
    const lines = out.split('\n');
    expect(lines[0]).toBe('PING 10.200.0.230 (10.200.0.230) 56(84) bytes of data.');
    for (let seq = 1; seq <= 5; seq++) {
      expect(lines[seq]).toMatch(
        new RegExp(`^64 bytes from 10\\.200\\.0\\.230: icmp_seq=${seq} ttl=255 time=1\\.\\d\\d ms$`),
      );
    }
    expect(lines[6]).toBe('^C');
    expect(lines[7]).toBe('--- 10.200.0.230 ping statistics ---');
    expect(lines[8]).toMatch(/^5 packets transmitted, 5 received, 0% packet loss, time 40\d\dms$/);
    expect(lines[9]).toMatch(/^rtt min\/avg\/max\/mdev = 1\.\d{3}\/1\.\d{3}\/1\.\d{3}\/0\.\d{3} ms$/);
    expect(lines[10]).toBe('');
    expect(lines).toHaveLength(11);
  });

  it('uses sub-millisecond times inside one Availability Zone (B→C in the blog)', () => {
    const result = reachability(snapshot, {
      from: 'handson-vpc-peering2',
      to: '10.50.0.215',
      protocol: 'icmp',
    });
    expect(renderPing(result, { count: 3 })).toMatch(/icmp_seq=1 ttl=255 time=0\.\d{3} ms/);
  });

  it('prints 100% packet loss and no rtt line when ICMP does not get through', () => {
    const result = reachability(snapshot, {
      from: 'handson-vpc-peering1',
      to: '10.50.0.215',
      protocol: 'icmp',
    });
    const out = renderPing(result, { count: 10, interrupted: true });
    expect(out).toMatch(
      /^PING 10\.50\.0\.215 \(10\.50\.0\.215\) 56\(84\) bytes of data\.\n\^C\n--- 10\.50\.0\.215 ping statistics ---\n10 packets transmitted, 0 received, 100% packet loss, time 9\d\d\dms\n\n$/,
    );
  });

  it('separates replies from statistics with a blank line when run with -c', () => {
    const result = reachability(snapshot, {
      from: 'handson-vpc-peering3',
      to: 'handson-vpc-peering2',
      protocol: 'icmp',
    });
    const out = renderPing(result, { count: 2 });
    expect(out.split('\n').slice(3, 5)).toEqual(['', '--- 10.200.0.230 ping statistics ---']);
    expect(renderPing(result, { count: 2 })).toBe(out);
  });
});

describe('renderPing counts', () => {
  const result = reachability(blogPeeringSnapshot(), {
    from: 'handson-vpc-peering1',
    to: 'handson-vpc-peering2',
    protocol: 'icmp',
  });

  it('refuses -c 0 as ping does, instead of printing "NaN% packet loss"', () => {
    expect(() => renderPing(result, { count: 0 })).toThrow(
      'ping count must be an integer from 1 to 10000, not 0',
    );
    expect(() => renderPing(result, { count: 2.5 })).toThrow(RangeError);
    expect(renderPing(result, { count: 1 })).toContain('1 packets transmitted, 1 received, 0% packet loss');
  });

  it('refuses a count whose transcript would not fit in memory', () => {
    expect(() => renderPing(result, { count: 1e9 })).toThrow(RangeError);
    expect(renderPing(result, { count: 10_000 }).split('\n')).toHaveLength(10_006);
  });
});
