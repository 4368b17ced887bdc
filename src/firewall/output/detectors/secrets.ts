/**
 * Credentials in text. Vendor formats come from the vendors' own token documentation (prefixes such
 * as GitHub's `ghp_`, GitLab's `glpat-`, Slack's `xox?-`, Stripe's `sk_live_`); generic secrets need a
 * key-like context (`api_key=`, `"token":`) and high entropy, so ids and digests elsewhere stay.
 */
import { type Detector, entropy, type Match, regexMatches } from './types.js';

function jwtLooksReal(value: string): boolean {
  const header = value.slice(0, value.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && ('alg' in parsed || 'typ' in parsed);
  } catch {
    return false;
  }
}

/** High entropy and several character classes: what a generated secret looks like, not a word. */
export function looksGenerated(value: string): boolean {
  if (value.length < 12) return false;
  // Letters-only values are words or identifiers ("placeholder_value"); generated ones mix classes.
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  return classes >= 2 && entropy(value) >= (value.length >= 20 ? 3.5 : 3.0);
}

const simple = (id: string, description: string, re: RegExp, accept?: (v: string) => boolean): Detector => ({
  id,
  category: 'secret',
  description,
  find: (text) => regexMatches(text, re, id, accept),
});

const PRIVATE_KEY_BEGIN =
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g;

/** From each BEGIN line to its END line, or to the end of the text when the block is cut off. */
function findPrivateKeys(text: string): Match[] {
  const out: Match[] = [];
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let m = PRIVATE_KEY_BEGIN.exec(text); m !== null; m = PRIVATE_KEY_BEGIN.exec(text)) {
    const endMarker = text.indexOf('-----END ', m.index + m[0].length);
    let end = text.length;
    if (endMarker >= 0) {
      const close = text.indexOf('-----', endMarker + 9);
      end = close >= 0 ? close + 5 : text.length;
    }
    out.push({ type: 'private_key', start: m.index, end });
    PRIVATE_KEY_BEGIN.lastIndex = end;
  }
  return out;
}

// Key names whose value is a credential. `(?<![A-Za-z])` keeps "tokenizer" and "secretary" out via
// the mandatory separator right after the name.
const KEY_CONTEXT =
  /(?<![A-Za-z0-9])(?:api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret(?:[_-]?key)?|client[_-]?secret|(?:access|refresh|auth|api|bearer|session)?[_-]?token|passw(?:or)?d|pwd|credentials?|private[_-]?key)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?([A-Za-z0-9+/_.~=-]{8,512})/dgi;
const BEARER = /\bBearer[ \t]+([A-Za-z0-9._~+/-]{16,1024}=*)/dg;
const PASSWORD_KEY = /^(?:passw(?:or)?d|pwd)$/i;

function findKeyed(text: string): Match[] {
  return [
    ...regexMatches(
      text,
      KEY_CONTEXT,
      'generic_secret',
      (v, m) => {
        const key = m[0].slice(0, m[0].search(/["' \t:=]/));
        // In prose "password: required" is a word, not a password: ask for two character classes.
        return PASSWORD_KEY.test(key)
          ? v.length >= 6 && /[A-Za-z]/.test(v) && /[^A-Za-z]/.test(v)
          : looksGenerated(v);
      },
      1,
    ),
    ...regexMatches(text, BEARER, 'bearer_token', looksGenerated, 1),
  ];
}

export const SECRET_DETECTORS: readonly Detector[] = [
  {
    id: 'private_key',
    category: 'secret',
    description: 'PEM private key block',
    mayMatch: (t) => t.includes('PRIVATE KEY'),
    find: findPrivateKeys,
  },
  simple(
    'aws_access_key',
    'AWS access key id',
    /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/dg,
  ),
  simple('gcp_api_key', 'Google API key', /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/dg),
  simple('azure_storage_key', 'Azure storage account key', /AccountKey=[A-Za-z0-9+/]{86}==/dg),
  simple(
    'azure_client_secret',
    'Azure AD client secret',
    /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/dg,
  ),
  simple(
    'github_token',
    'GitHub token',
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/dg,
  ),
  simple(
    'gitlab_token',
    'GitLab token',
    /(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt|oas)-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/dg,
  ),
  simple(
    'slack_token',
    'Slack token',
    /(?<![A-Za-z0-9-])xox[abposre]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/dg,
  ),
  simple(
    'slack_webhook',
    'Slack incoming webhook',
    /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}/dg,
  ),
  simple(
    'stripe_key',
    'Stripe secret or restricted key',
    /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])/dg,
  ),
  simple(
    'anthropic_key',
    'Anthropic API key',
    /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/dg,
  ),
  simple(
    'openai_key',
    'OpenAI API key',
    /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/dg,
    looksGenerated,
  ),
  simple(
    'jwt',
    'JSON Web Token',
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,1024}(?![A-Za-z0-9_-])/dg,
    jwtLooksReal,
  ),
  {
    id: 'generic_secret',
    category: 'secret',
    description: 'high-entropy value after a key-like name (api_key=, "token":, Bearer)',
    find: findKeyed,
  },
];
