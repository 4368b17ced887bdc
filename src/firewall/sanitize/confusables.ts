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
}

/** Folds confusables to Latin and lower-cases. Linear: one NFD, one regex pass, one map pass. */
export function skeleton(text: string): SkeletonResult {
  if (!NON_ASCII.test(text)) return { text: text.toLowerCase(), folded: 0, mixedWords: 0 };
  const bare = text.normalize('NFD').replace(MARKS, '');
  let folded = 0;
  let mixedWords = 0;
  let pureFoldedWords = 0;
  let latinWords = 0;
  let wordHasLatin = false;
  let wordHasFolded = false;
  let wordHasOther = false;
  const endWord = (): void => {
    if (wordHasLatin && wordHasFolded) mixedWords++;
    else if (wordHasFolded && !wordHasOther) pureFoldedWords++;
    else if (wordHasLatin) latinWords++;
    wordHasLatin = false;
    wordHasFolded = false;
    wordHasOther = false;
  };
  const out: string[] = [];
  for (const ch of bare) {
    const cp = ch.codePointAt(0)!;
    const mapped = cp < 0x80 ? undefined : TABLE.get(cp);
    if (mapped !== undefined) {
      folded++;
      wordHasFolded = true;
      out.push(mapped);
      continue;
    }
    if (isWordChar(cp, ch)) {
      if (cp < 0x80 || LATIN_LETTER.test(ch)) wordHasLatin = true;
      else wordHasOther = true;
    } else {
      endWord();
    }
    out.push(ch);
  }
  endWord();
  // A word spelled wholly in look-alikes inside Latin text ("ѕуѕ" among English words) counts too;
  // in text with no Latin words it is just another script.
  if (latinWords > 0) mixedWords += pureFoldedWords;
  return { text: out.join('').toLowerCase(), folded, mixedWords };
}

function isWordChar(cp: number, ch: string): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  }
  return ch.toLowerCase() !== ch.toUpperCase();
}
