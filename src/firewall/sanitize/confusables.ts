/**
 * Homoglyph folding: letters from other scripts (and Latin look-alike letters) that render like
 * Latin ones, mapped to the Latin letter they imitate, so "іgnоrе" (Cyrillic і, о, е) reads "ignore".
 * A compact hand-picked subset of Unicode TR39 confusables covering the scripts attackers actually use
 * (Cyrillic, Greek, Armenian, Cherokee, Latin small capitals and IPA, enclosed/regional-indicator
 * letters). NFKC already folds fullwidth, mathematical alphanumerics, circled and superscript letters.
 */

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
// Anything that could be in the table or carry combining marks; pure ASCII skips the work.
const NON_ASCII = /[\u0080-\uFFFF]/;
const LATIN_LETTER = /\p{Script=Latin}/u;

export interface SkeletonResult {
  /** Lower-cased, mark-free, Latin-folded text. */
  readonly text: string;
  /** How many characters were folded from another script or a look-alike letter. */
  readonly folded: number;
  /** Words that mix Latin letters with folded look-alikes: the usual homoglyph attack. */
  readonly mixedWords: number;
  /** True when the text was pure ASCII and the skeleton is just its lower-case form. */
  readonly plainLowercase?: boolean;
}

/** Folds confusables to Latin and lower-cases. Linear: one NFD, one regex pass, one map pass. */
class WordTally {
  mixed = 0;
  pureFolded = 0;
  latin = 0;
  private hasLatin = false;
  private hasFolded = false;
  private hasOther = false;

  latinLetter(): void {
    this.hasLatin = true;
  }
  otherLetter(): void {
    this.hasOther = true;
  }
  foldedLetter(): void {
    this.hasFolded = true;
  }
  end(): void {
    if (this.hasLatin && this.hasFolded) this.mixed++;
    else if (this.hasFolded && !this.hasOther) this.pureFolded++;
    else if (this.hasLatin) this.latin++;
    this.hasLatin = false;
    this.hasFolded = false;
    this.hasOther = false;
  }
}

const isAsciiWordChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Folds confusables to Latin and lower-cases. Linear: one NFD, one regex pass, one scan that copies
 * ASCII runs as slices and looks up only non-ASCII characters.
 */
export function skeleton(text: string): SkeletonResult {
  if (!NON_ASCII.test(text))
    return { text: text.toLowerCase(), folded: 0, mixedWords: 0, plainLowercase: true };
  const bare = text.normalize('NFD').replace(MARKS, '');
  const words = new WordTally();
  let folded = 0;
  const out: string[] = [];
  let runStart = 0;
  const n = bare.length;
  for (let i = 0; i < n; i++) {
    const c = bare.charCodeAt(i);
    if (c < 0x80) {
      if (isAsciiWordChar(c)) {
        if (c >= 0x41) words.latinLetter();
      } else {
        words.end();
      }
      continue;
    }
    const cp = bare.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = bare.slice(i, i + width);
    const mapped = TABLE.get(cp);
    if (mapped !== undefined) {
      out.push(bare.slice(runStart, i), mapped);
      runStart = i + width;
      folded++;
      words.foldedLetter();
    } else if (ch.toLowerCase() !== ch.toUpperCase()) {
      if (LATIN_LETTER.test(ch)) words.latinLetter();
      else words.otherLetter();
    } else {
      words.end();
    }
    i += width - 1;
  }
  words.end();
  out.push(bare.slice(runStart));
  // A word spelled wholly in look-alikes inside Latin text ("ѕуѕ" among English words) counts too;
  // in text with no Latin words it is just another script.
  const mixedWords = words.mixed + (words.latin > 0 ? words.pureFolded : 0);
  return { text: out.join('').toLowerCase(), folded, mixedWords };
}
