import { describe, expect, it } from 'vitest';
import { SECRET_DETECTORS } from './secrets.js';

// Deterministic pseudo-random strings, so fixtures look generated without being real credentials.
function rand(
  n: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  seed = 7,
): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += alphabet[(s >>> 16) % alphabet.length];
  }
  return out;
}

const types = (text: string): string[] => SECRET_DETECTORS.flatMap((d) => d.find(text).map((m) => m.type));
const spans = (text: string): string[] =>
  SECRET_DETECTORS.flatMap((d) => d.find(text).map((m) => text.slice(m.start, m.end)));

const jwt = [
  Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
  Buffer.from('{"sub":"1234567890","name":"A"}').toString('base64url'),
  rand(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
].join('.');

describe('secret detectors: true positives', () => {
  it.each([
    ['aws_access_key', `key AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')} in logs`],
    [
      'gcp_api_key',
      `url?key=AIza${rand(35, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`,
    ],
    ['azure_storage_key', `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${rand(86)}==;`],
    ['azure_client_secret', `secret ${rand(3)}8Q~${rand(34)}`],
    ['github_token', `token ghp_${rand(36)}`],
    [
      'github_token',
      `github_pat_${rand(82, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_')}`,
    ],
    ['gitlab_token', `glpat-${rand(20)}`],
    ['slack_token', `xoxb-${rand(12, '0123456789')}-${rand(24)}`],
    [
      'slack_webhook',
      `https://hooks.slack.com/services/T${rand(8, 'ABCDEFGHIJ0123456789')}/B${rand(8, 'ABCDEFGHIJ0123456789')}/${rand(24)}`,
    ],
    ['stripe_key', `sk_live_${rand(24)}`],
    ['openai_key', `OPENAI=sk-proj-${rand(48)}`],
    ['anthropic_key', `sk-ant-api03-${rand(90)}`],
    ['jwt', `Authorization header was ${jwt}`],
    ['private_key', `-----BEGIN RSA PRIVATE KEY-----\n${rand(64)}\n-----END RSA PRIVATE KEY-----`],
    ['generic_secret', `api_key=${rand(32)}`],
    ['generic_secret', '{"client_secret": "a3f9c2e81b7d4a6f0e9c8b7a"}'],
    ['generic_secret', 'password: hunter22'],
    ['bearer_token', `Authorization: Bearer ${rand(40)}`],
  ])('finds %s', (type, text) => {
    expect(types(text)).toContain(type);
  });

  it('covers a truncated private key block to the end of the text', () => {
    const text = `leak: -----BEGIN OPENSSH PRIVATE KEY-----\n${rand(200)}`;
    expect(spans(text)).toEqual([text.slice(6)]);
  });

  it('redacts only the value after a key name', () => {
    const value = rand(32);
    expect(spans(`token="${value}"`)).toEqual([value]);
  });
});

describe('secret detectors: benign near-misses', () => {
  it.each([
    ['a UUID outside a key context', 'request 123e4567-e89b-12d3-a456-426614174000 finished'],
    [
      'a SHA-256 digest outside a key context',
      'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
    ['a git commit id', 'merged in 7ccf10d2a9b4c3e1f0a9b8c7d6e5f4a3b2c1d0e9'],
    ['a low-entropy value after a key name', 'token=placeholder_value'],
    ['the word token in prose', 'the tokenizer splits each token: fine'],
    ['max_tokens settings', '"max_tokens": 4096, "secretary": "Jane Doe"'],
    ['a password field described in prose', 'Password: required, at least twelve characters'],
    ['an AKIA-like word with lower case', 'AKIAexampleLowercase1'],
    ['a JWT-shaped string whose header is not JSON', `eyJnotjson1234.eyJpayload5678.${rand(20)}`],
    ['sk- in prose', 'ask-me-anything about sk-learn usage'],
    ['a public key block', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----'],
    ['Bearer followed by a word', 'Authorization: Bearer placeholder'],
  ])('ignores %s', (_name, text) => {
    expect(types(text)).toEqual([]);
  });
});

describe('secret detectors: hostile input', () => {
  it('stays linear on ReDoS-shaped strings', () => {
    const shapes = [
      '-----BEGIN PRIVATE KEY-----'.repeat(20_000),
      `api_key=${'a'.repeat(500_000)}`,
      'token: '.repeat(100_000),
      `eyJ${'a'.repeat(300_000)}.`,
      `sk-${'-'.repeat(500_000)}`,
      'xoxb-'.repeat(100_000),
    ];
    for (const s of shapes) expect(Array.isArray(types(s))).toBe(true);
  });
});
