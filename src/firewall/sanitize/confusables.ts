/**
 * Homoglyph folding: letters from other scripts (and Latin look-alike letters) that render like
 * Latin ones, mapped to the Latin letter they imitate, so "іgnоrе" (Cyrillic і, о, е) reads "ignore".
 * A compact hand-picked subset of Unicode TR39 confusables covering the scripts attackers actually use
 * (Cyrillic, Greek, Armenian, Cherokee, Latin small capitals and IPA, enclosed/regional-indicator
 * letters). NFKC already folds fullwidth, mathematical alphanumerics, circled and superscript letters.
 */
import { isLetter } from './charclass.js';
import { CodePointMemo } from './memo.js';

// Pairs: each source character followed by its Latin prototype. Grouped by script for review.
const PAIRS: readonly string[] = [
  // Cyrillic lowercase and uppercase
  'аaвbгrеeёeіiїiјjкkмmнhоoпnрpсcтtуyхxьbѕsԁdԛqԝwһhӏlɡgԍgԌGқkҡkүyұyѵvӕaӑaӓaӧoӱyɑa',
  'АAВBЕEЁEЗ3ІIЇIЈJКKМMНHОOРPСCТTУYХXЅSԚQԜWҺhӀIЬbԌGҮYѴVЃrЌk',
  // Greek
  'αaβbγyδdεeηnιiκkνvοoρpτtυuχxωwϲcϳjϱpςsσoΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXϹCϺMϜF',
  // Armenian
  'օoսuցgհhոnզqաwսuԱUՏSՕO',
  // Cherokee capitals that are drawn as Latin capitals
  'ᎪAᏴBᏟCᎠDᎬEᏀGᎻHᎥiᎫJᏦKᏞLᎷMᏢPᏚSᎢTᏙVᏔWᏃZᎡR',
  // Latin small capitals, IPA and other Latin look-alikes
  'ᴀaʙbᴄcᴅdᴇeɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzıiȷjɩiʋuɒaǝeəeɛeŀlƖlǀlꞮIⅼlⅰi',
];

const TABLE: ReadonlyMap<number, string> = buildTable();

function buildTable(): Map<number, string> {
  const table = new Map<number, string>();
  for (const group of PAIRS) {
    const chars = Array.from(group);
    for (let i = 0; i + 1 < chars.length; i += 2) {
      const from = chars[i]!;
      const to = chars[i + 1]!;
      table.set(from.codePointAt(0)!, to);
    }
  }
  // Enclosed letters with no compatibility decomposition, so NFKC leaves them alone:
  // negative circled (U+1F150), negative squared (U+1F170), regional indicators (U+1F1E6).
  for (let k = 0; k < 26; k++) {
    const letter = String.fromCharCode(0x61 + k);
    table.set(0x1f150 + k, letter);
    table.set(0x1f170 + k, letter);
    table.set(0x1f1e6 + k, letter);
  }
  return table;
}

// Combining marks are dropped so "ïgnörë" and "i̇gnore" fold to the same letters.
const MARKS = /\p{Mn}+/gu;
const MARK = /^\p{Mn}$/u;
// Anything that could be in the table or carry combining marks: pure ASCII skips the work.
const NON_ASCII_ANY = /[\u0080-\uFFFF]/g;
const LATIN_LETTER = /\p{Script=Latin}/u;

export interface SkeletonResult {
  /** Lower-cased, mark-free, Latin-folded text. */
  readonly text: string;
  /** How many characters were folded from another script or a look-alike letter. */
  readonly folded: number;
  /** Words that mix Latin letters with folded look-alikes: the usual homoglyph attack. */
  readonly mixedWords: number;
  /** True when nothing was folded, dropped or decomposed: the skeleton is just the lower case. */
  readonly plainLowercase?: boolean;
}

// What a word held, as bits gathered while scanning it.
const HAS_LATIN = 1;
const HAS_FOLDED = 2;
const HAS_OTHER = 4;

/** Finished words by what they held. Told only about words that held a letter. */
class WordTally {
  mixed = 0;
  pureFolded = 0;
  latin = 0;
  /** Words with a letter of another script that has no Latin twin (ordinary Russian, Greek …). */
  other = 0;

  end(held: number): void {
    if ((held & HAS_LATIN) !== 0 && (held & HAS_FOLDED) !== 0) this.mixed++;
    else if ((held & HAS_FOLDED) !== 0 && (held & HAS_OTHER) === 0) this.pureFolded++;
    else if ((held & HAS_LATIN) !== 0) this.latin++;
    if ((held & HAS_OTHER) !== 0 && (held & HAS_LATIN) === 0) this.other++;
  }
}

// Per ASCII code: 0 ends a word, 1 a digit, 2 a letter (a table read: this runs per character).
const ASCII_WORD = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII_WORD[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ASCII_WORD[c] = 2;
for (let c = 0x61; c <= 0x7a; c++) ASCII_WORD[c] = 2;

// What the scan does with a non-ASCII code point. Remembered per code point: the case and script
// tests allocate strings and run a regex, and non-Latin text repeats the same few hundred letters.
const MARK_ROLE = 1; // a non-spacing combining mark: dropped outside words of other scripts
const FOLDED = 2; // in the table: replaced by its Latin prototype
const LATIN = 3; // a Latin letter
const OTHER_LETTER = 4; // a letter of another script
const NOT_LETTER = 5; // ends a word
const SPACING_MARK = 6; // a spacing or enclosing mark (Indic vowel signs …): part of its word, kept
// A table letter that is a letter of a living Latin orthography (Turkish dotless ı): folded like a
// look-alike, but a word holding it is no mix of scripts, so it is not reported as a homoglyph.
const FOLDED_LATIN = 7;
const LATIN_ORTHOGRAPHY = new Set([0x131]);
const OTHER_MARK = /^[\p{Mc}\p{Me}]$/u;
const roles = new CodePointMemo((cp) => {
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch)) return MARK_ROLE;
  if (TABLE.has(cp)) return LATIN_ORTHOGRAPHY.has(cp) ? FOLDED_LATIN : FOLDED;
  if (OTHER_MARK.test(ch)) return SPACING_MARK;
  // A letter or anything with case (circled letters). Case alone is not enough: Devanagari,
  // Arabic, Thai and Han letters have none, and reading them as word ends dropped the vowel signs
  // of every Hindi word.
  if (!isLetter(cp) && ch.toLowerCase() === ch.toUpperCase()) return NOT_LETTER;
  return LATIN_LETTER.test(ch) ? LATIN : OTHER_LETTER;
});

// Punctuation, symbols and spaces without case that NFD leaves alone, even before a mark (so they
// neither decompose nor reorder with marks: combining class 0): the skeleton passes them through
// and they only end words.
const PUNCT_SYMBOL_SPACE = /^[\p{P}\p{S}\p{Zs}]$/u;
const inert = new CodePointMemo((cp) => {
  const ch = String.fromCodePoint(cp);
  if (!PUNCT_SYMBOL_SPACE.test(ch) || roles.get(cp) !== NOT_LETTER) return 0;
  return `${ch}\u0334`.normalize('NFD') === `${ch}\u0334` ? 1 : 0;
});

/**
 * True when the skeleton is the text in lower case with nothing folded: every character is ASCII or
 * an inert punctuation mark, symbol or space. Prose with curly quotes and dashes is settled without
 * normalising and scanning it.
 */
export function skeletonIsLowercase(text: string): boolean {
  // The regex engine jumps from one non-ASCII character to the next (test() and lastIndex: no
  // match objects); prose holds few.
  NON_ASCII_ANY.lastIndex = 0;
  while (NON_ASCII_ANY.test(text)) {
    const c = text.charCodeAt(NON_ASCII_ANY.lastIndex - 1);
    if ((c >= 0xd800 && c <= 0xdfff) || inert.get(c) === 0) return false;
  }
  return true;
}

/**
 * Words of the text (from the first letter to the next character that ends a word) and what each
 * held: one scan. With marks still in the text, null when it meets a lone surrogate: a dropped mark
 * between two halves of a pair would join them, so such text has its marks removed first (a regex
 * pass).
 */
function scanWords(bare: string, marksLeft: boolean): { spans: number[]; words: WordTally } | null {
  const words = new WordTally();
  // [start, end, held] per word with no Latin letter but a letter of another script or a
  // look-alike: the words that may be real words of another script, left as they are.
  const spans: number[] = [];
  // The current word's letters (HAS_* bits); 0 between words, so a word end there costs nothing.
  let held = 0;
  let start = 0;
  const end = (i: number) => {
    words.end(held);
    if ((held & HAS_LATIN) === 0 && (held & (HAS_FOLDED | HAS_OTHER)) !== 0) spans.push(start, i, held);
    held = 0;
  };
  const n = bare.length;
  for (let i = 0; i < n; i++) {
    const c = bare.charCodeAt(i);
    if (c < 0x80) {
      const w = ASCII_WORD[c]!;
      if (w === 2) {
        if (held === 0) start = i;
        held |= HAS_LATIN;
      } else if (w === 0 && held !== 0) end(i);
      continue;
    }
    const cp = bare.codePointAt(i)!;
    if (marksLeft && cp >= 0xd800 && cp <= 0xdfff) return null;
    const width = cp > 0xffff ? 2 : 1;
    const role = roles.get(cp);
    if (role === FOLDED || role === LATIN || role === OTHER_LETTER || role === FOLDED_LATIN) {
      if (held === 0) start = i;
      held |= role === FOLDED ? HAS_FOLDED : role === OTHER_LETTER ? HAS_OTHER : HAS_LATIN;
    } else if (role === NOT_LETTER && held !== 0) end(i);
    i += width - 1;
  }
  if (held !== 0) end(n);
  return { spans, words };
}

/**
 * Drops combining marks and folds look-alikes where they imitate Latin: in a word that also holds
 * Latin letters ("іgnоrе"), and in a word wholly of look-alikes ("ѕау", "ᏚᎢᎪᎡᎢ") unless the text is
 * mostly words of another script, where it is a real word ("а", "сок" in Russian). A word that holds
 * letters of another script beside look-alikes is real text of that script and keeps its letters and
 * marks: folding every Cyrillic or Greek letter with a Latin twin turned ordinary Russian or Greek
 * into a garbled Latin view that the detector read whole, for nothing (it imitates no Latin word).
 * ASCII runs are copied as slices.
 */
function foldScan(text: string, bare: string, marksLeft: boolean): SkeletonResult | null {
  const scanned = scanWords(bare, marksLeft);
  if (scanned === null) return null;
  const { spans, words } = scanned;
  const foldPure = words.other <= words.latin + words.mixed;
  let folded = 0;
  let keptMarks = false;
  const out: string[] = [];
  let runStart = 0;
  let w = 0;
  const n = bare.length;
  for (let i = 0; i < n; i++) {
    if (bare.charCodeAt(i) < 0x80) continue;
    const cp = bare.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const role = roles.get(cp);
    if (role === MARK_ROLE || role === FOLDED || role === FOLDED_LATIN) {
      while (w < spans.length && spans[w + 1]! <= i) w += 3;
      const inSpan = w < spans.length && spans[w]! <= i;
      const keep = inSpan && ((spans[w + 2]! & HAS_OTHER) !== 0 || !foldPure);
      if (keep) keptMarks ||= role === MARK_ROLE;
      else {
        out.push(bare.slice(runStart, i));
        if (role !== MARK_ROLE) {
          out.push(TABLE.get(cp)!);
          folded++;
        }
        runStart = i + width;
      }
    }
    i += width - 1;
  }
  const plain = out.length === 0 && bare === text;
  out.push(bare.slice(runStart));
  // A word spelled wholly in look-alikes inside Latin text ("ѕуѕ" among English words) counts too;
  // in text with no Latin words it is just another script.
  const mixedWords = words.mixed + (words.latin > 0 ? words.pureFolded : 0);
  // Marks kept in words of other scripts go back on their letters, as in the text itself.
  const joined = out.join('').toLowerCase();
  const result = { text: keptMarks ? joined.normalize('NFC') : joined, folded, mixedWords };
  return plain ? { ...result, plainLowercase: true } : result;
}

/**
 * Folds confusables to Latin and lower-cases. Linear: one NFD and one scan (plus a regex pass on
 * text with lone surrogates). `lowercase` is skeletonIsLowercase(text), when the caller knows it.
 */
export function skeleton(text: string, lowercase = skeletonIsLowercase(text)): SkeletonResult {
  if (lowercase) return { text: text.toLowerCase(), folded: 0, mixedWords: 0, plainLowercase: true };
  const nfd = text.normalize('NFD');
  return foldScan(text, nfd, true) ?? foldScan(text, nfd.replace(MARKS, ''), false)!;
}
