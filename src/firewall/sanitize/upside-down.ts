/**
 * Upside-down text ("ɥʇ ǝɹoubI"): each letter replaced by one that looks like it turned half a
 * turn, and the line written backwards so that it reads when the screen is turned. One of the
 * character tricks published against guards; a model reads it, a detector sees IPA symbols. Lines
 * where such letters are a good share of the letters are turned back: mapped and reversed.
 */
import { isLetter } from './charclass.js';
import type { Decoded } from './decoders.js';

// Pairs: the turned character, then the character it stands for. Turned letters that are plain
// Latin letters themselves (b/q, d/p, n/u, M/W) only map inside a line that is turned anyway.
// (NFKC has run: a long s, for one, is already an s.)
const PAIRS =
  'ɐaqbɔcpdǝeɟfƃgᵷgɥhᴉiıiɾjʞkןlɯmunoodpbqɹrssʇtnuʌvʍwxxʎyzz' +
  '∀AᗺBꓭBƆCᗡDƎEℲFꟻF⅁GꓘK⋊K˥LꓶLWMԀPᴚRꓤR⊥T┴T∩UΛVMW⅄Y' +
  'Ɩ1ᄅ2Ɛ3ㄣ4ϛ5ㄥ7¿?¡!)(()][[]}{{}><<>‾_„"';

const FLIP = new Map<number, string>();
const chars = [...PAIRS];
for (let i = 0; i + 1 < chars.length; i += 2) FLIP.set(chars[i]!.codePointAt(0)!, chars[i + 1]!);

/**
 * Turned letters that ordinary text does not use (IPA transcription aside): what marks a line as
 * upside down. Turned digits are mapped but not counted: they are letters of other alphabets.
 */
const TELLTALE = [...'ɐɔǝɟƃᵷɥᴉɾʞɯɹʇʌʍʎ∀ᗺꓭƆᗡƎℲꟻ⅁ꓘ⋊˥ꓶԀᴚꓤ⊥┴∩Λ⅄'].map((c) => c.codePointAt(0)!);
/** TELLTALE as a table over the BMP (every one is in it): one array read per character. */
const IS_TELLTALE = new Uint8Array(0x10000);
for (const cp of TELLTALE) IS_TELLTALE[cp] = 1;
/** At least this many telltale letters, and this share of the line's letters. */
const MIN_TELLTALE = 3;
const MIN_SHARE = 0.2;

function turnBack(line: string): string {
  return Array.from(line, (c) => FLIP.get(c.codePointAt(0)!) ?? c)
    .reverse()
    .join('');
}

function isUpsideDown(line: string): boolean {
  let telltale = 0;
  let letters = 0;
  for (const c of line) {
    const cp = c.codePointAt(0)!;
    if (cp < 0x10000 && IS_TELLTALE[cp] === 1) telltale++;
    else if (isLetter(cp)) letters++;
  }
  return telltale >= MIN_TELLTALE && telltale >= MIN_SHARE * (telltale + letters);
}

/** True when the text holds a telltale letter. */
function anyTelltale(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (IS_TELLTALE[text.charCodeAt(i)] === 1) return true;
  return false;
}

/** The text with each upside-down line turned back; null when no line is. */
export function upsideDown(text: string): Decoded | null {
  if (!anyTelltale(text)) return null;
  let count = 0;
  const lines = text.split('\n').map((line) => {
    if (!isUpsideDown(line)) return line;
    count++;
    return turnBack(line);
  });
  return count === 0 ? null : { text: lines.join('\n'), count };
}
