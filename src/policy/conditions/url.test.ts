import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUrl, classifyAddress, isPrivateAddress } from './url.js';

const allowExample = { allowHosts: ['allowed.example', '*.docs.example'], schemes: ['http', 'https'] };

function code(url: string, opts: Parameters<typeof checkUrl>[1] = allowExample): string {
  const r = checkUrl(url, opts);
  return r.ok ? 'ok' : r.code;
}

describe('checkUrl', () => {
  it('should allow a listed host and return the parsed url and host', () => {
    const r = checkUrl('https://allowed.example/a?b=1', allowExample);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.host).toBe('allowed.example');
      expect(r.url.pathname).toBe('/a');
    }
  });

  it('should match wildcard patterns on subdomains only', () => {
    expect(code('https://api.docs.example/')).toBe('ok');
    expect(code('https://docs.example/')).toBe('url_host_not_allowed');
    expect(code('https://evildocs.example/')).toBe('url_host_not_allowed');
  });

  it.each([
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://%31%32%37.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://0/',
    'http://0.0.0.0/',
    'http://10.1.2.3/',
    'http://172.31.255.255/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://169.254.1.1/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://foo.localhost/',
    'http://printer.local/',
    'http://intranet/',
  ])('should refuse the private or loopback form %s', (url) => {
    expect(code(url, { ...allowExample, allowHosts: ['*'] })).toBe('url_private_address');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://2852039166/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[fd00:ec2::254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL./',
    'http://100.100.100.200/',
  ])('should refuse the cloud metadata form %s even when private addresses are allowed', (url) => {
    expect(code(url, { ...allowExample, allowHosts: ['*'], allowPrivate: true })).toBe('url_metadata');
  });

  it('should allow a private address listed exactly or by CIDR', () => {
    expect(
      code('http://10.0.0.5:8080/', { allowHosts: ['10.0.0.0/24'], schemes: ['http'], ports: [8080] }),
    ).toBe('ok');
    expect(code('http://[fd00::5]/', { allowHosts: ['fd00::/64'], schemes: ['http'] })).toBe('ok');
    expect(code('http://10.0.1.5/', { allowHosts: ['10.0.0.0/24'], schemes: ['http'] })).toBe(
      'url_private_address',
    );
  });

  it('should refuse userinfo tricks', () => {
    expect(code('http://allowed.example@evil.example/')).toBe('url_userinfo');
    expect(code('http://user:pass@allowed.example/')).toBe('url_userinfo');
    expect(code('http://evil.example#@allowed.example/')).toBe('url_host_not_allowed');
    expect(code('http://evil.example\\@allowed.example/')).toBe('url_invalid');
  });

  it('should compare IDN homographs in punycode so they never match the ASCII name', () => {
    expect(code('https://аllowed.example/')).toBe('url_host_not_allowed'); // Cyrillic а
    expect(code('https://ａｌｌｏｗｅｄ.example/')).toBe('ok'); // fullwidth maps to ASCII under IDNA
    expect(code('https://allowed。example/')).toBe('ok'); // ideographic full stop is a dot under IDNA
  });

  it('should normalise case and one trailing dot, and refuse empty labels', () => {
    expect(code('https://ALLOWED.Example./')).toBe('ok');
    expect(code('https://allowed.example../')).toBe('url_invalid');
  });

  it('should refuse schemes and ports that are not allowed', () => {
    expect(code('file:///etc/passwd')).toBe('url_scheme');
    expect(code('gopher://allowed.example/')).toBe('url_scheme');
    expect(code('javascript:alert(1)')).toBe('url_scheme');
    expect(code('https://allowed.example:8443/')).toBe('url_port');
    expect(code('https://allowed.example:443/')).toBe('ok');
    expect(code('http://allowed.example/', { allowHosts: ['allowed.example'] })).toBe('url_scheme');
  });

  it('should apply the deny list before the allow list', () => {
    expect(code('https://x.docs.example/', { ...allowExample, denyHosts: ['x.docs.example'] })).toBe(
      'url_host_denied',
    );
  });

  it('should refuse whitespace, control characters and oversize input', () => {
    expect(code('ht\ttp://allowed.example/')).toBe('url_invalid');
    expect(code(' https://allowed.example/')).toBe('url_invalid');
    expect(code('https://allowed.example/\u0000')).toBe('url_invalid');
    expect(code(`https://allowed.example/${'a'.repeat(5000)}`)).toBe('url_invalid');
    expect(code(42 as unknown as string)).toBe('url_invalid');
  });

  it('should never throw and never allow a host outside the list, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = checkUrl(s, allowExample);
        if (r.ok) expect(['allowed.example'].includes(r.host) || r.host.endsWith('.docs.example')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['[::1]', true],
    ['fd00:ec2::254', true],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
    ['', true],
  ])('should classify %s as private=%s', (ip, want) => {
    expect(isPrivateAddress(ip)).toBe(want);
  });

  it('should classify metadata addresses', () => {
    expect(classifyAddress('169.254.169.254')).toBe('metadata');
    expect(classifyAddress('fd00:ec2::254')).toBe('metadata');
  });
});
