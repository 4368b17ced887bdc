/**
 * Word-class features that carry across sources better than raw n-grams: an attack is usually a
 * combination (a persona or fiction frame AND a harmful goal; an override AND a secret or action),
 * while benign text has one part alone ("act as a tour guide", "how do I kill a process").
 * Classes and their pairwise conjunctions become hashed features.
 */
import { PREFIX_MAX, PrefixTrie, screenedTest } from './prefixes.js';

/** Scripts written without spaces between words (Thai, kana, Han, Hangul): their stems match anywhere. */
const CJK = /^[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** What a word class needs of a pattern; `info` (when given) describes `text`. */
export interface Matcher {
  test(text: string, info?: TextInfo): boolean;
  /**
   * Starts (up to PREFIX_MAX characters) of every match in text of no stem's script (groups 0),
   * each after a character that is not a letter.
   */
  readonly asciiPrefixes?: readonly string[];
}

/** Which 256-code-point blocks of the BMP a text uses beyond ASCII, and their script groups. */
export interface TextInfo {
  readonly ascii: boolean;
  readonly blocks: Uint8Array;
  /** Bit set of the script groups (below) the text uses: 0 for ASCII or scripts no stem is in. */
  readonly groups: number;
}

/**
 * Scripts, as runs of 256-code-point blocks of the BMP. A stem is tested only on text that uses its
 * script: a long list of Unicode alternatives costs per character of text whether or not their
 * scripts are there. Kana share a group with the Han ideographs because Japanese mixes them.
 */
const SCRIPT_BLOCKS: readonly (readonly [number, number])[] = [
  [0x00, 0x02], // Latin-1, Latin Extended-A/B
  [0x1e, 0x1e], // Latin Extended Additional (Vietnamese)
  [0x03, 0x03], // Greek
  [0x04, 0x04], // Cyrillic
  [0x05, 0x05], // Hebrew
  [0x06, 0x07], // Arabic, Syriac
  [0x09, 0x0d], // Indic
  [0x0e, 0x0e], // Thai
  [0x30, 0x9f], // Kana and Han
  [0xac, 0xd7], // Hangul
];
/** Number of script groups: Latin's two runs are one. */
const GROUPS = SCRIPT_BLOCKS.length - 1;
/** Bit of each block's group; 0 for blocks no stem is written in. */
const GROUP_BIT = new Int32Array(256);
for (const [i, [lo, hi]] of SCRIPT_BLOCKS.entries()) GROUP_BIT.fill(1 << Math.max(0, i - 1), lo, hi + 1);

/** Scratch for textInfo of the text being classified (classification is synchronous). */
const textBlocks = new Uint8Array(256);

export function textInfo(s: string, blocks = new Uint8Array(256)): TextInfo {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) {
      ascii = false;
      blocks[c >> 8] = 1;
    }
  }
  let groups = 0;
  if (!ascii) for (let b = 0; b < 256; b++) if (blocks[b] === 1) groups |= GROUP_BIT[b] as number;
  return { ascii, blocks, groups };
}

const LETTER = /\p{L}/u;

/**
 * Alternation of literal stems (no regex metacharacters in the lists). Alphabetic stems must start
 * a word, and short ones (under 5 characters) must also end one, so that "dime" does not match
 * "dimension"; CJK and Thai stems match anywhere (no spaces between words).
 *
 * The start-of-word test is made on each match rather than as a lookbehind in every alternative:
 * a pattern that opens with literals lets the regex engine skip ahead to candidate positions, and
 * it is several times faster on ordinary text. Whether a word starts at a position does not depend
 * on which stem matched there, so retrying one position later finds every match the lookbehind
 * form would.
 */
function alt(words: readonly string[]): Matcher {
  const full = stemMatcher(words, true);
  // Most text is ASCII, where only the ASCII stems can match and a letter is [a-z]: a shorter
  // pattern without the Unicode flag, several times faster.
  const ascii = stemMatcher(
    words.filter((w) => textInfo(w).ascii),
    false,
  );
  // Other text: the stems written in ASCII or in the script groups it uses, one pattern per set of
  // one or two groups (English and one other script is the common mix), all made and run (so that
  // V8 compiles them to machine code) here: a pattern made on first use costs milliseconds on the
  // request that first needs it.
  const needs = words.map((w) => textInfo(w).groups);
  const forSet = (set: number) =>
    stemMatcher(
      words.filter((_, i) => ((needs[i] as number) & ~set) === 0),
      true,
    );
  const bySet = new Map<number, (text: string) => boolean>([[0, forSet(0)]]);
  for (let g = 0; g < GROUPS; g++)
    for (let h = g; h < GROUPS; h++) bySet.set((1 << g) | (1 << h), forSet((1 << g) | (1 << h)));
  for (const m of [full, ascii, ...bySet.values()]) for (let i = 0; i < 3; i++) m('warm up é');
  // Text in three scripts or more: the patterns of the scripts it uses, two scripts per pattern (each
  // pattern also holds the ASCII stems, so one per script ran those over the text once per script),
  // when every stem is written in one script (a stem in two would need its pair); else every stem
  // at once.
  const oneScriptEach = needs.every((n) => (n & (n - 1)) === 0);
  const manyScripts = (text: string, set: number): boolean => {
    if (!oneScriptEach) return full(text);
    for (let rest = set; rest !== 0; ) {
      const a = rest & -rest;
      rest &= rest - 1;
      const b = rest & -rest;
      rest &= rest - 1;
      if (bySet.get(a | b)?.(text)) return true;
    }
    return false;
  };
  return {
    asciiPrefixes: words
      .filter((_, i) => needs[i] === 0)
      .map((w) => w.replace(/\$$/, '').slice(0, PREFIX_MAX)),
    test(text, info) {
      if (info === undefined) return full(text);
      if (info.ascii) return ascii(text);
      const m = bySet.get(info.groups);
      return m !== undefined ? m(text) : manyScripts(text, info.groups);
    },
  };
}

function stemMatcher(words: readonly string[], unicode: boolean): (text: string) => boolean {
  const letter = unicode ? LETTER : /[A-Za-z]/;
  const notLetter = unicode ? '(?!\\p{L})' : '(?![a-z])';
  const cjk = words.filter((w) => CJK.test(w));
  // A stem ending in "$" must end a word: an imperative whose longer forms are past participles
  // ("dimentica" is an order, "dimenticato" a past).
  const alpha = words
    .filter((w) => !CJK.test(w))
    .map((w) =>
      w.endsWith('$') ? `${w.slice(0, -1)}${notLetter}` : [...w].length < 5 ? `${w}${notLetter}` : w,
    );
  const flags = unicode ? 'u' : '';
  const anywhere = cjk.length > 0 ? new RegExp(cjk.join('|'), flags) : null;
  const atWord = alpha.length > 0 ? new RegExp(alpha.join('|'), `g${flags}`) : null;
  return (text) => {
    if (anywhere?.test(text)) return true;
    if (!atWord) return false;
    atWord.lastIndex = 0;
    for (let m = atWord.exec(text); m !== null; m = atWord.exec(text)) {
      if (!letter.test(charBefore(text, m.index))) return true;
      atWord.lastIndex = m.index + 1;
    }
    return false;
  };
}

/** The whole code point that ends just before `i` ('' at the start). */
function charBefore(text: string, i: number): string {
  if (i === 0) return '';
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return text.slice(i - 2, i);
  }
  return text[i - 1] as string;
}

const ML_OVERRIDE = alt([
  // es pt it fr
  'ignora$',
  'olvida$',
  'olvídate',
  'descarta$',
  'haz caso omiso',
  'esquece$',
  'desconsidere',
  'dimentica$',
  'non seguire',
  'ignorez',
  'ignore les',
  'oublie$',
  'ignorad',
  'olvidad',
  'dimenticate',
  'oubliez tout',
  'oubliez',
  'ne tiens pas compte',
  // de nl
  'ignoriere',
  'vergiss',
  'missachte',
  'negeer$',
  'vergeet$',
  // ru uk pl tr
  'игнорир',
  'проигнорир',
  'ignorar',
  'ignorieren',
  'ignorare',
  'ignorer$',
  'забудь',
  'не обращай внимания',
  'ігноруй',
  'забудь',
  'zignoruj',
  'ignoruj',
  'zapomnij',
  'yok say',
  'görmezden',
  // bn th fa ur tl sw el he
  'উপেক্ষা',
  'เพิกเฉย',
  'ไม่ต้องสนใจ',
  'نادیده',
  'نظر انداز',
  'huwag pansinin',
  'puuza',
  'αγνόησε',
  'התעלם',
  'görmezden gel',
  'unut',
  // ar hi id vi
  'تجاهل',
  'انس',
  'अनदेखा',
  'नज़रअंदाज़',
  'नजरअंदाज',
  'भूल जाओ',
  'abaikan',
  'lupakan',
  'bỏ qua',
  'quên',
  // zh ja ko
  '忽略',
  '无视',
  '無視',
  '忘记',
  '忘記',
  '不要理会',
  '忘れて',
  '무시',
  '잊어',
  // es: more forms
  'olvide',
  'olviden',
  'olvídese',
  'olvídense',
  'olvídalo',
  'ignoren las',
  'ignoren los',
  'ignoren tod',
  'ignoren sus',
  'ignoren cualquier',
  'ignore todas',
  'ignore todos',
  'ignore cualquier',
  'ignore las instrucciones',
  'descarten',
  'no hagas caso',
  'no haga caso',
  'hagan caso omiso',
  'haga caso omiso',
  'pasa por alto',
  'pase por alto',
  'omite las',
  'omite los',
  'omite tod',
  'omita las',
  'omita los',
  'omita tod',
  // pt: more forms
  'esqueça',
  'esqueçam',
  'ignorem as',
  'ignorem os',
  'ignorem tod',
  'ignorem suas',
  'ignorem seus',
  'ignorem quaisquer',
  'ignore quaisquer',
  'ignore as instruções',
  'desconsidera',
  'não siga',
  'não obedeça',
  // it: more forms
  'dimentichi',
  'ignori le',
  'ignori tutt',
  'ignori qualsiasi',
  'ignori ogni',
  'trascura',
  'non tenere conto',
  'non tenga conto',
  'non tenete conto',
  'non segua',
  'non seguite',
  // fr: more forms
  'ignore toutes',
  'ignore tous',
  'ne tenez pas compte',
  'ne prends pas en compte',
  'ne prenez pas en compte',
  'fais abstraction',
  'faites abstraction',
  'passe outre',
  'passez outre',
  'ne suis pas les',
  'ne suivez pas les',
  // de: more forms
  'vergessen',
  'vergesst',
  'ignoriert',
  'nicht beachten',
  'beachte keine',
  'beachten sie keine',
  'hinwegsetzen',
  // nl: more forms
  'negeren',
  'vergeten',
  'geen rekening met',
  // ru: more forms
  'не обращайте внимания',
  'отбрось',
  'не следуй',
  // uk: more forms
  'проігноруй',
  'не звертай уваги',
  'не звертайте уваги',
  'знехтуй',
  // pl: more forms
  'zignorowa',
  'zapomnieć',
  'nie zwracaj uwagi',
  'nie zwracajcie uwagi',
  'zlekceważ',
  // tr: more forms
  'unutun',
  'dikkate alma',
  // ar: more forms
  'انسوا',
  'انسى',
  'لا تتبع',
  'لا تلتزم',
  // fa: more forms
  'فراموش کن',
  'توجه نکن',
  // ur: more forms
  'نظرانداز',
  'بھول جاؤ',
  'بھول جائیں',
  // he: more forms
  'שכח',
  'שכחו',
  'שכחי',
  'תשכח',
  'אל תתייחס',
  // el: more forms
  'αγνόησ',
  'αγνοήσ',
  'αγνοησ',
  'ξέχασε',
  'ξεχάστε',
  'παράβλεψε',
  'παραβλέψτε',
  // hi: more forms
  'भूल जाइए',
  'भूल जाइये',
  'भूल जाएं',
  'भूल जाएँ',
  'अनदेखी कर',
  'ध्यान मत दो',
  'ध्यान न दें',
  // bn: more forms
  'ভুলে যাও',
  'ভুলে যান',
  'অগ্রাহ্য',
  // th: more forms
  'อย่าสนใจ',
  'ไม่ต้องใส่ใจ',
  'ลืมคําสั่ง',
  'ลืมคําแนะนํา',
  // id: more forms
  'jangan hiraukan',
  'jangan pedulikan',
  'jangan ikuti',
  // tl: more forms
  'balewalain',
  'kalimutan',
  'huwag sundin',
  'wag pansinin',
  'huwag mong pansinin',
  // sw: more forms
  'sahau',
  'usifuate',
  // vi: more forms
  'phớt lờ',
  'lờ đi',
  'đừng làm theo',
  'đừng tuân theo',
  // zh: more forms
  '忽视',
  '忽視',
  '忘掉',
  '不要理會',
  '别理会',
  '別理會',
  '不要遵循',
  '不要遵守',
  // ja: more forms
  '忘れろ',
  '忘れなさい',
  '従わないで',
  // ko: more forms
  '잊으세요',
  '잊으십시오',
  '따르지 마',
]);
const ML_INSTR = alt([
  'instrucciones',
  'instruções',
  'istruzioni',
  'consignes',
  'instructions précédentes',
  'anweisungen',
  'vorgaben',
  'instructies',
  'инструкци',
  'указани',
  'інструкці',
  'instrukcj',
  'polecen',
  'talimat',
  'تعليمات',
  'निर्देश',
  'instruksi',
  'petunjuk',
  'hướng dẫn',
  'chỉ dẫn',
  '指令',
  '指示',
  '说明',
  '規則',
  '规则',
  '지시',
  '지침',
  'reglas',
  'règles',
  'regeln',
  'regole',
  'regras',
  'правила',
  // es: more forms
  'instrucción',
  'directrices',
  'directivas',
  'indicaciones',
  // pt: more forms
  'instrução',
  'diretrizes',
  'diretivas',
  'orientações',
  // it: more forms
  'istruzione',
  'direttive',
  'linee guida',
  // fr: more forms
  'les instructions',
  'tes instructions',
  'vos instructions',
  'lignes directrices',
  // de: more forms
  'anweisung',
  'richtlinie',
  'vorschrift',
  'befehl',
  'instruktion',
  // nl: more forms
  'instructie',
  'regels',
  'richtlijnen',
  'aanwijzingen',
  // ru uk: more forms
  'правилам',
  'директив',
  'промпт',
  'вказівк',
  'вказівок',
  'настанов',
  // pl: more forms
  'poleceń',
  'zasady',
  'zasadami',
  'reguł',
  'wytyczn',
  // tr: more forms
  'kurallar',
  'yönerge',
  'direktif',
  // ar: more forms
  'التعليمات',
  'والتعليمات',
  'القواعد',
  'قواعد',
  'الإرشادات',
  'إرشادات',
  'الأوامر',
  'أوامر',
  // fa: more forms
  'دستورالعمل',
  'دستورات',
  'دستورها',
  'قوانین',
  'رهنمود',
  // ur: more forms
  'ہدایات',
  'ہدایت',
  'اصول',
  // he: more forms
  'הוראות',
  'ההוראות',
  'הנחיות',
  'ההנחיות',
  'כללים',
  'הכללים',
  // el: more forms
  'οδηγί',
  'οδηγιών',
  'κανόνες',
  'κανόνων',
  'εντολές',
  'εντολών',
  // hi: more forms
  'नियम',
  'नियमों',
  'दिशानिर्देश',
  'हिदायत',
  // bn: more forms
  'নির্দেশ',
  'নিয়ম',
  // th: more forms
  'คําสั่ง',
  'คําแนะนํา',
  'ข้อกําหนด',
  // id: more forms
  'aturan',
  'perintah',
  'pedoman',
  // tl: more forms
  'tagubilin',
  'panuto',
  'mga utos',
  'patakaran',
  'alituntunin',
  // sw: more forms
  'maagizo',
  'maelekezo',
  'kanuni',
  // vi: more forms
  'chỉ thị',
  'quy tắc',
  'nguyên tắc',
  'lời nhắc',
  // zh ja ko: more forms
  '提示词',
  '提示詞',
  '指引',
  '准则',
  '準則',
  '說明',
  '命令',
  'ルール',
  'プロンプト',
  'ガイドライン',
  '규칙',
  '명령',
  '프롬프트',
  '가이드라인',
]);
const ML_SECRET = alt([
  'contraseña',
  'clave secreta',
  'secreto',
  'senha',
  'segredo',
  'segreto',
  'parola d',
  'mot de passe',
  'passwort',
  'kennwort',
  'geheim',
  'wachtwoord',
  'пароль',
  'секрет',
  'hasło',
  'haslo',
  'sekret',
  'şifre',
  'parola',
  'gizli',
  'كلمة المرور',
  'كلمة السر',
  'पासवर्ड',
  'गुप्त',
  'kata sandi',
  'rahasia',
  'mật khẩu',
  'bí mật',
  '密码',
  '密碼',
  '秘密',
  '口令',
  'パスワード',
  '秘密の',
  '비밀번호',
  '비밀',
  '암호',
  'পাসওয়ার্ড',
  'গোপন',
  'รหัสผ่าน',
  'ความลับ',
  'رمز عبور',
  'مخفی',
  'nenosiri',
  'siri',
  'lihim',
  'κωδικ',
  'סיסמ',
  'clave',
  'chiave segreta',
  'schlüssel',
  'ключ',
  'anahtar',
  'kunci rahasia',
  'khóa bí mật',
  '密钥',
  '鍵',
  '키를',
  'prompt del sistema',
  'mensaje de sistema',
  'prompt système',
  'systemprompt',
  'системн',
  'системний',
  '系统提示',
  'システムプロンプト',
  '시스템 프롬프트',
  // es pt it fr: more forms
  'segreti',
  'mensaje del sistema',
  'chave secreta',
  'prompt do sistema',
  'prompt di sistema',
  'secrète',
  'mots de passe',
  'invite système',
  'message système',
  // de nl: more forms
  'zugangsdaten',
  'systeemprompt',
  'sleutel',
  // ru uk pl tr: more forms
  'парол',
  'учетные данные',
  'учётные данные',
  'таємн',
  'облікові дані',
  'hasła',
  'hasłem',
  'haseł',
  'tajny',
  'tajne',
  'tajna',
  'prompt systemowy',
  'sistem istemi',
  'sırrı',
  // ar fa ur: more forms
  'كلمة مرور',
  'كلمة سر',
  'الرمز السري',
  'المفتاح السري',
  'مفتاح',
  'المفتاح',
  'موجه النظام',
  'رسالة النظام',
  'گذرواژه',
  'کلمه عبور',
  'راز',
  'کلید',
  'محرمانه',
  'پرامپت سیستم',
  'پاس ورڈ',
  'پاسورڈ',
  'خفیہ',
  // he el: more forms
  'סיסמה',
  'סיסמא',
  'הסיסמה',
  'הסיסמא',
  'סיסמאות',
  'סוד',
  'הסוד',
  'סודי',
  'סודית',
  'μυστικ',
  'συνθηματικ',
  'κλειδί',
  // hi bn th: more forms
  'रहस्य',
  'गोपनीय',
  'कुंजी',
  'सिस्टम प्रॉम्प्ट',
  'চাবি',
  'সিস্টেম প্রম্পট',
  'รหัสลับ',
  'คีย์ลับ',
  'ข้อมูลลับ',
  // id tl sw vi: more forms
  'prompt sistem',
  'kredensial',
  'sekreto',
  'ufunguo',
  'khoá bí mật',
  'lời nhắc hệ thống',
  // zh ja ko: more forms
  '密鑰',
  '秘钥',
  '系統提示',
  '机密',
  '機密',
  '暗証番号',
  '合言葉',
  '패스워드',
  '기밀',
]);
const ML_REVEAL = alt([
  'dime',
  'dímelo',
  'revela',
  'muestra',
  'mostra',
  'diga',
  'dimmi',
  'rivela',
  'dis-moi',
  'révèle',
  'affiche',
  'donne-moi',
  'sag mir',
  'verrate',
  'zeig',
  'nenne',
  'vertel',
  'onthul',
  'скажи',
  'покажи',
  'раскрой',
  'назови',
  'розкажи',
  'покажи',
  'powiedz',
  'pokaż',
  'ujawnij',
  'söyle',
  'göster',
  'açıkla',
  'أخبرني',
  'اكشف',
  'اعرض',
  'बताओ',
  'बताइए',
  'दिखाओ',
  'beritahu',
  'katakan',
  'tunjukkan',
  'ungkapkan',
  // share / give
  'comparte',
  'compartir',
  'compártelo',
  'partage',
  'partager',
  'teile',
  'teilen',
  'condividi',
  'compartilhe',
  'deel',
  'поделись',
  'поділись',
  'udostępnij',
  'podaj',
  'paylaş',
  'شارك',
  'أعطني',
  'साझा',
  'बताएं',
  'bagikan',
  'berikan',
  'chia sẻ',
  '分享',
  '提供',
  '共有',
  '공유',
  'cho tôi biết',
  'tiết lộ',
  'hiển thị',
  '告诉我',
  '告訴我',
  '输出',
  '透露',
  '显示',
  '教えて',
  '表示して',
  '明かして',
  '알려',
  '보여',
  '출력',
  // es: more forms
  'dame la',
  'dame el',
  'dame tu',
  'deme',
  'dígame',
  'revele',
  'revelen',
  'muéstrame',
  'muestre',
  'enséñame',
  'imprime',
  'comparta',
  // pt: more forms
  'me diga',
  'diga-me',
  'diz-me',
  'me conte',
  'mostre',
  'imprima',
  'me dê',
  'dê-me',
  'compartilha',
  // it: more forms
  'dammi',
  'mi dica',
  'mi mostri',
  'riveli',
  'ditemi',
  'condivida',
  // fr: more forms
  'dites-moi',
  'révélez',
  'montre-moi',
  'montrez-moi',
  'donnez-moi',
  'indique-moi',
  'indiquez-moi',
  // de: more forms
  'sagen sie mir',
  'sagt mir',
  'verraten sie',
  'zeige',
  'zeigen sie',
  'gib mir',
  'geben sie mir',
  'gebt mir',
  'nennen sie',
  'enthülle',
  'offenbare',
  // nl: more forms
  'geef me',
  'zeg me',
  'laat me zien',
  // ru uk: more forms
  'поделитесь',
  'выведи',
  'дай мне',
  'дайте мне',
  'сообщи',
  'расскажи',
  'скажіть',
  'покажіть',
  'розкажіть',
  'поділіться',
  'дай мені',
  'дайте мені',
  'виведи',
  'назви',
  'назвіть',
  'розкрий',
  // pl tr: more forms
  'wypisz',
  'wyświetl',
  'zdradź',
  'daj mi',
  'podać',
  'pokazać',
  'ujawnić',
  'bana ver',
  'yazdır',
  'ifşa et',
  // ar fa ur: more forms
  'اخبرني',
  'اعطني',
  'أظهر',
  'اظهر',
  'قل لي',
  'أرني',
  'ارني',
  'اطبع',
  'به من بگو',
  'بگویید',
  'نشان بده',
  'فاش کن',
  'چاپ کن',
  'بتاؤ',
  'بتائیں',
  'دکھاؤ',
  'دکھائیں',
  'ظاہر کرو',
  'ظاہر کریں',
  // he el: more forms
  'ספר לי',
  'תגיד לי',
  'תראה לי',
  'הראה לי',
  'הצג',
  'חשוף',
  'תן לי',
  'הדפס',
  'שתף',
  'πες μου',
  'πείτε μου',
  'δείξε',
  'δείξτε',
  'αποκάλυψε',
  'αποκαλύψτε',
  'δώσε μου',
  'δώστε μου',
  'εμφάνισε',
  // hi bn th: more forms
  'बताइये',
  'बताएँ',
  'बता दो',
  'दिखाइए',
  'दिखाएं',
  'दिखाएँ',
  'प्रकट करो',
  'प्रकट करें',
  'मुझे दो',
  'मुझे दें',
  'বলো',
  'বলুন',
  'দেখাও',
  'দেখান',
  'প্রকাশ কর',
  'আমাকে দাও',
  'বোলো',
  'บอกฉัน',
  'บอกผม',
  'เปิดเผย',
  'แสดงให้ดู',
  // id tl sw vi: more forms
  'sebutkan',
  'tampilkan',
  'kasih tahu',
  'kasih tau',
  'sabihin',
  'ipakita',
  'ibigay',
  'ibahagi',
  'ibunyag',
  'niambie',
  'nionyeshe',
  'onyesha',
  'nipe',
  'funua',
  'shiriki',
  'nói cho tôi',
  'cho tôi xem',
  'đưa cho tôi',
  'xuất ra',
  // zh ja ko: more forms
  '顯示',
  '輸出',
  '说出',
  '說出',
  '给我',
  '給我',
  '打印',
  '泄露',
  '洩露',
  '展示',
  '見せて',
  '出力して',
  '言って',
  '開示',
  '말해',
  '공개해',
  '밝혀',
]);
const ML_PERSONA = alt([
  'ahora eres',
  'a partir de ahora',
  'agora você é',
  'a partir de agora',
  'ora sei',
  "d'ora in poi",
  'tu es maintenant',
  'désormais',
  'à partir de maintenant',
  'du bist jetzt',
  'ab jetzt',
  'ab sofort',
  'je bent nu',
  'vanaf nu',
  'теперь ты',
  'отныне',
  'тепер ти',
  'od teraz',
  'jesteś teraz',
  'artık sen',
  'bundan sonra',
  'أنت الآن',
  'من الآن',
  'अब तुम',
  'अब से',
  'sekarang kamu',
  'mulai sekarang',
  'bây giờ bạn là',
  'từ giờ',
  '你现在是',
  '从现在开始',
  '從現在開始',
  '今から',
  'これから君は',
  '이제부터',
  '지금부터',
  '너는 이제',
  // es pt: more forms
  'ahora es usted',
  'finge ser',
  'finja ser',
  'finja que',
  'actúa como',
  'actúe como',
  'hazte pasar por',
  'desde ahora',
  'de ahora en adelante',
  'compórtate como',
  'agora tu és',
  'aja como',
  'atue como',
  'faça de conta',
  'de agora em diante',
  'daqui em diante',
  'comporte-se como',
  // it fr: more forms
  'adesso sei',
  'fingi di essere',
  'finga di essere',
  'fai finta di essere',
  'agisci come',
  'comportati come',
  'da ora in poi',
  'd’ora in poi',
  'da adesso in poi',
  'vous êtes maintenant',
  'fais semblant d',
  'faites semblant d',
  'agis comme',
  'agissez comme',
  'joue le rôle',
  'jouez le rôle',
  'dorénavant',
  // de nl: more forms
  'sie sind jetzt',
  'du bist nun',
  'tu so als',
  'tu so, als',
  'tun sie so',
  'gib dich als',
  'verhalte dich wie',
  'spiel die rolle',
  'spiele die rolle',
  'von nun an',
  'u bent nu',
  'doe alsof',
  'gedraag je als',
  'speel de rol',
  'voortaan',
  // ru uk pl tr: more forms
  'теперь вы',
  'ты теперь',
  'вы теперь',
  'притворись',
  'притворитесь',
  'веди себя как',
  'ведите себя как',
  'представь, что ты',
  'представь что ты',
  'сыграй роль',
  'с этого момента',
  'тепер ви',
  'ти тепер',
  'відтепер',
  'прикинься',
  'поводься як',
  'з цього моменту',
  'teraz jesteś',
  'udawaj',
  'zachowuj się jak',
  'wciel się w',
  'od tej chwili',
  'od tej pory',
  'gibi davran',
  'rolünü oyna',
  'şu andan itibaren',
  'sen artık',
  // ar fa ur: more forms
  'انت الآن',
  'أنت الان',
  'تظاهر بأنك',
  'تظاهر بانك',
  'تصرف كأنك',
  'تصرف مثل',
  'العب دور',
  'از این به بعد',
  'از حالا به بعد',
  'وانمود کن',
  'تو اکنون',
  'اب سے',
  'تم اب',
  'آپ اب',
  // he el: more forms
  'מעכשיו',
  'אתה עכשיו',
  'את עכשיו',
  'העמד פנים',
  'תעמיד פנים',
  'התנהג כמו',
  'από τώρα και',
  'είσαι τώρα',
  'τώρα είσαι',
  'προσποιήσου',
  'υποδύσου',
  'συμπεριφέρσου σαν',
  // hi bn th: more forms
  'अब आप',
  'तुम अब',
  'होने का नाटक',
  'की तरह व्यवहार',
  'की भूमिका निभा',
  'এখন থেকে',
  'তুমি এখন',
  'আপনি এখন',
  'ভান কর',
  'ตอนนี้คุณคือ',
  'ต่อจากนี้ไป',
  'นับจากนี้ไป',
  'แกล้งทําเป็น',
  'สวมบทบาท',
  // id tl sw vi: more forms
  'sekarang anda',
  'anda sekarang',
  'kamu sekarang',
  'berpura-pura',
  'bertindak sebagai',
  'bertindaklah sebagai',
  'berperan sebagai',
  'simula ngayon',
  'mula ngayon',
  'magpanggap',
  'kumilos bilang',
  'kuanzia sasa',
  'sasa wewe ni',
  'jifanye',
  'từ bây giờ',
  'giả vờ',
  'đóng vai',
  'hành động như',
  // zh ja ko: more forms
  '你現在是',
  '从现在起',
  '從現在起',
  '假装你是',
  '假裝你是',
  '扮演',
  '充当',
  '充當',
  'これからあなたは',
  'ふりをして',
  'として振る舞',
  'なりきって',
  '당신은 이제',
  '넌 이제',
  '척해',
  '처럼 행동',
]);
const ML_UNRESTRICTED = alt([
  'sin restricciones',
  'sin límites',
  'sem restrições',
  'senza restrizioni',
  'sans restriction',
  'sans limites',
  'ohne einschränkungen',
  'ohne regeln',
  'zonder beperkingen',
  'без ограничений',
  'без правил',
  'без обмежень',
  'bez ograniczeń',
  'kısıtlama olmadan',
  'sınırsız',
  'بدون قيود',
  'बिना किसी प्रतिबंध',
  'tanpa batasan',
  'không giới hạn',
  'không có giới hạn',
  '没有限制',
  '不受限制',
  '無制限',
  '制限なし',
  '제한 없이',
  '제한없이',
  'modo desarrollador',
  'mode développeur',
  'entwicklermodus',
  'режим разработчика',
  '开发者模式',
  '開発者モード',
  '개발자 모드',
  // es pt it fr: more forms
  'sin restricción',
  'sin censura',
  'sin filtros',
  'sin filtro',
  'sin limitaciones',
  'sin reglas',
  'sem censura',
  'sem filtros',
  'sem filtro',
  'sem limites',
  'sem regras',
  'modo desenvolvedor',
  'senza censura',
  'senza filtri',
  'senza limiti',
  'senza regole',
  'modalità sviluppatore',
  'sans censure',
  'sans filtre',
  'sans aucune restriction',
  'sans règles',
  'sans limite',
  // de nl: more forms
  'ohne einschränkung',
  'unzensiert',
  'ohne filter',
  'ohne zensur',
  'ohne grenzen',
  'ohne beschränkung',
  'uneingeschränkt',
  'zonder beperking',
  'ongecensureerd',
  'zonder filters',
  'zonder censuur',
  'zonder regels',
  'ontwikkelaarsmodus',
  // ru uk pl tr: more forms
  'без цензуры',
  'без фильтров',
  'без ограничения',
  'без каких-либо ограничений',
  'без запретов',
  'без цензури',
  'без фільтрів',
  'без обмеження',
  'режим розробника',
  'bez cenzury',
  'bez filtrów',
  'bez żadnych ograniczeń',
  'bez limitów',
  'bez zasad',
  'tryb dewelopera',
  'sansürsüz',
  'filtresiz',
  'kısıtlamasız',
  'kuralsız',
  'hiçbir kısıtlama',
  'geliştirici modu',
  // ar fa ur: more forms
  'دون قيود',
  'بلا قيود',
  'بدون رقابة',
  'بدون فلتر',
  'بدون فلاتر',
  'بدون حدود',
  'بلا حدود',
  'وضع المطور',
  'بدون محدودیت',
  'بدون سانسور',
  'بدون فیلتر',
  'بیمحدودیت',
  'بی محدودیت',
  'بغیر کسی پابندی',
  'بلا روک ٹوک',
  // he el: more forms
  'ללא הגבלות',
  'בלי הגבלות',
  'ללא מגבלות',
  'בלי מגבלות',
  'ללא צנזורה',
  'בלי צנזורה',
  'ללא סינון',
  'χωρίς περιορισμούς',
  'χωρίς λογοκρισία',
  'χωρίς φίλτρα',
  'χωρίς όρια',
  'χωρίς κανόνες',
  // hi bn th: more forms
  'बिना प्रतिबंध',
  'बिना सेंसर',
  'बिना फ़िल्टर',
  'बिना फिल्टर',
  'बिना किसी रोक',
  'बिना किसी सीमा',
  'डेवलपर मोड',
  'বিধিনিষেধ ছাড়া',
  'সীমাবদ্ধতা ছাড়া',
  'সেন্সর ছাড়া',
  'ไม่มีข้อจํากัด',
  'ไร้ข้อจํากัด',
  'ไม่มีการเซ็นเซอร์',
  // id tl sw vi: more forms
  'tanpa batas',
  'tanpa sensor',
  'tanpa filter',
  'tanpa aturan',
  'tanpa pembatasan',
  'mode pengembang',
  'walang limitasyon',
  'walang paghihigpit',
  'bila vikwazo',
  'bila mipaka',
  'bila udhibiti',
  'không kiểm duyệt',
  'không bị kiểm duyệt',
  'không có hạn chế',
  'không hạn chế',
  'chế độ nhà phát triển',
  // zh ja ko: more forms
  '无限制',
  '没有任何限制',
  '沒有限制',
  '不受任何限制',
  '未经审查',
  '未經審查',
  '開發者模式',
  '制限のない',
  '検閲なし',
  'フィルターなし',
  '제한 없는',
  '제한없는',
  '검열 없이',
  '검열 없는',
  '필터 없이',
  '무제한',
]);

const ML_USER = alt([
  'usuario',
  'usuário',
  'utilisateur',
  'benutzer',
  'nutzer',
  'utente',
  'gebruiker',
  'użytkownik',
  'пользовател',
  'користувач',
  'kullanıcı',
  'المستخدم',
  'کاربر',
  'उपयोगकर्ता',
  'ব্যবহারকারী',
  'pengguna',
  'người dùng',
  'gumagamit',
  'ผู้ใช้',
  'mtumiaji',
  '用户',
  '用戶',
  'ユーザー',
  '사용자',
  'fecha de nacimiento',
  'dirección',
  'date de naissance',
  'adresse',
  'geburtsdatum',
  'адрес',
  'дата рождения',
  'adres',
  'doğum tarihi',
  'जन्म तिथि',
  'alamat',
  'địa chỉ',
  '住址',
  '生日',
  '住所',
  '주소',
  // es pt it fr: more forms
  'cliente',
  'número de teléfono',
  'correo electrónico',
  'domicilio',
  'utilizador',
  'data de nascimento',
  'endereço',
  'número de telefone',
  'indirizzo',
  'data di nascita',
  'numero di telefono',
  'utilisatrice',
  'le client',
  'du client',
  'numéro de téléphone',
  // de nl: more forms
  'kunde',
  'anschrift',
  'telefonnummer',
  'wohnort',
  'kontonummer',
  'klant',
  'geboortedatum',
  'telefoonnummer',
  // ru uk pl tr: more forms
  'клиент',
  'номер телефона',
  'даты рождения',
  'номер карты',
  'клієнт',
  'дата народження',
  'номер телефону',
  'klient',
  'data urodzenia',
  'numer telefonu',
  'müşteri',
  'telefon numarası',
  'kimlik numarası',
  // ar fa ur: more forms
  'مستخدم',
  'العميل',
  'عميل',
  'تاريخ الميلاد',
  'تاريخ ميلاد',
  'رقم الهاتف',
  'رقم هاتف',
  'مشتری',
  'آدرس',
  'نشانی',
  'تاریخ تولد',
  'شماره تلفن',
  'شماره تماس',
  'صارف',
  'گاہک',
  'تاریخ پیدائش',
  'فون نمبر',
  // he el: more forms
  'המשתמש',
  'הלקוח',
  'לקוח',
  'תאריך לידה',
  'תאריך הלידה',
  'מספר טלפון',
  'מספר הטלפון',
  'χρήστ',
  'πελάτ',
  'διεύθυνση',
  'ημερομηνία γέννησης',
  'τηλεφώνου',
  // hi bn th: more forms
  'यूज़र',
  'ग्राहक',
  'जन्मतिथि',
  'फ़ोन नंबर',
  'फोन नंबर',
  'मोबाइल नंबर',
  'গ্রাহক',
  'ঠিকানা',
  'জন্ম তারিখ',
  'ফোন নম্বর',
  'ลูกค้า',
  'วันเกิด',
  'เบอร์โทร',
  'หมายเลขโทรศัพท์',
  // id tl sw vi: more forms
  'pelanggan',
  'tanggal lahir',
  'nomor telepon',
  'kliyente',
  'tirahan',
  'kaarawan',
  'watumiaji',
  'mteja',
  'wateja',
  'anwani',
  'tarehe ya kuzaliwa',
  'namba ya simu',
  'khách hàng',
  'ngày sinh',
  'số điện thoại',
  // zh ja ko: more forms
  '客户',
  '客戶',
  '地址',
  '出生日期',
  '电话号码',
  '電話號碼',
  '手机号',
  '身份证',
  'ユーザ',
  '顧客',
  'お客様',
  '生年月日',
  '電話番号',
  '고객',
  '생년월일',
  '전화번호',
  '유저',
]);

export const CLASSES: Readonly<Record<string, Matcher>> = {
  frame:
    /\b(you are|you're|act as|acting as|pretend|imagine|role-?play|roleplay|hypothetical|fictional|fiction|story|novel|screenplay|character|persona|stay in character|simulate|game)\b/,
  harm: /\b(bombs?|explosives?|weapons?|guns?|firearms?|meth\w*|cocaine|heroin|drugs?|poison\w*|kill\w*|murder\w*|suicide|self-harm|terror\w*|hack\w*|malware|ransomware|phishing|steal\w*|fraud\w*|launder\w*|scam\w*|counterfeit|illegal\w*|illicit|untraceable|explicit|porn\w*|racis\w*|sexis\w*|harass\w*|torture|extremis\w*|propaganda|disinformation|misinformation|evade|evading|bypass\w*|exploit\w*|crack\w*|smuggl\w*|stalk\w*|defamat\w*|manipulat\w*|blackmail\w*)\b/,
  override:
    /\b(ignore|ignoring|disregard|forget|override|overrule|bypass|cancel|void|no longer apply|instead|from now on|new instructions?|real instructions?|actual instructions?)\b/,
  instr:
    /\b(instructions?|directives?|prompts?|rules|guidelines|policies|policy|programming|restrictions|filters?|guardrails|constraints|system message|system prompt)\b/,
  secret:
    /\b(passwords?|passcode|secret\w*|api keys?|keys?|tokens?|credentials?|confidential|system prompt|initial prompt|hidden|private)\b|contraseña|mot de passe|passwort|密码|密碼|パスワード|пароль|비밀번호|senha|秘密|geheim/,
  reveal:
    /\b(reveal|print|show|display|output|repeat|tell me|give me|leak|dump|expose|share|spell|translate|summari[sz]e|write down|what is|what's)\b|\bdime\b|dis-moi|donne-moi|sag mir|nenne|告诉|告訴|教えて|скажи|알려|mostr[ae]|muestra|affiche|zeig/,
  unrestricted:
    /\b(no (rules|restrictions|limits|filters|ethics|morals|boundaries)|unfiltered|uncensored|unrestricted|without (any )?(restrictions|limits|filters|ethics|morals|censorship)|jailbr\w*|dan|developer mode|do anything|never refuse|not bound|amoral|unethical)\b/,
  action:
    /\b(send|forward|email|post|upload|transfer|delete|remove|execute|run|call|click|visit|download|install|grant|approve)\b/,
  external: /(https?:\/\/|www\.|@[\w-]+\.\w+|\.(com|net|org|io)\b)/,
  // "ai" after an apostrophe is French (j'ai, qu'ai-je), not the AI.
  addressAi: /\b(assistant|language model|llm|chatgpt|gpt|model|chatbot|bot)\b|(^|[^\w'’])ai\b/,
  compliance:
    /\b(sure,? here|begin (your )?(reply|response) with|start (your )?(reply|response) with|respond with|answer with|reply with|output only|only (reply|respond|answer))\b/,
  question: /^(how|what|why|when|where|who|which|can|could|is|are|do|does|should|would)\b/,
  you: /\byou(r|'re|rself)?\b/,
  imperative:
    /^(please )?(write|tell|give|explain|create|generate|list|describe|provide|make|show|print|ignore|forget|pretend|act|imagine|develop|design|draft|compose|outline)\b/,
  detail: /\b(step[- ]by[- ]step|in detail|detailed|specific|exact|precise|concrete|realistic|actionable)\b/,
  noRefusal:
    /\b(never refuse|can(not|'t) refuse|must (answer|comply)|always (answer|comply)|no matter what|regardless of|without (refusing|hesitation|question)|do not (warn|moralize|lecture)|no (disclaimers?|warnings?))\b/,
  authority:
    /\b(developer|administrator|admin|openai|anthropic|authori[sz]ed|security researcher|red team\w*|maintenance|root access|sudo|superuser)\b/,
  covert:
    /\b(without (getting )?caught|undetect\w*|untraceable|anonymous\w*|secretly|covert\w*|without (anyone|them) knowing|get away with)\b/,
  hiddenMarkup: /(<!--|display:\s*none|\[hidden|<\/?(system|instructions?|admin)>|\[system\]|<\|im_)/,
  urgency: /\b(urgent\w*|immediately|right now|asap|at once)\b/,
  benignRole:
    /\b(tour guide|travel (agent|guide)|teacher|tutor|coach|chef|translator|interviewer|poet|storyteller|mentor|librarian|nutritionist|trainer|historian|critic|comedian|therapist|counsel+or)\b/,
  ethics:
    /\b(ethic\w*|moral\w*|content polic\w*|guidelines|safety (rules|guidelines|filters?)|censor\w*|legal\w*|illegal)\b/,
  // Past forms ("j'ai oublié", "ho dimenticato", "ignorant") tell of forgetting, not order it.
  multilingualOverride:
    /(ignor(?!an[tc]|ed\b|ad[oa])|olvid(?!ad[oa]|é)|oubli(?!é)|vergiss|dimentic(?!at[oaie])|esquec(?!id[oa]|i\b)|忽略|无视|無視|忘记|игнорир|забудь|무시)/,
  // The same core concepts in other major languages, matched as substrings of the NFKC-lowercased
  // text (stems for inflected languages; CJK has no word boundaries). Separate classes so that an
  // English-only text does not light them and their weights carry only the cross-language signal.
  mlOverride: ML_OVERRIDE,
  mlInstr: ML_INSTR,
  mlSecret: ML_SECRET,
  mlReveal: ML_REVEAL,
  mlPersona: ML_PERSONA,
  mlUnrestricted: ML_UNRESTRICTED,
  // Private data about a third party (the user, a customer, a named person): mild extraction asks
  // for it rather than for a password.
  pii: /\b(home address|(e-?mail|postal|street|ip) address|date of birth|birth ?date|birthday|birth year|phone number|social security|ssn|credit card( number)?|card number|maiden name|location|salary|medical (history|records?)|bank (account|details)|account number|where (does )?(he|she|they|the user|\w+) lives?)\b/,
  thirdParty:
    /\b(the user|user'?s|users'|the customer|customer'?s|account holder|this person|the person|someone'?s|other users|your (users|customers|clients))\b/,
  mlUser: ML_USER,
  // A request to transform what is revealed: a classic way past a "never reveal" instruction.
  transform:
    /\b(backwards?|in reverse( order)?|reversed|base ?64|hex(adecimal)?|rot ?13|pig latin|morse|acrostic|one (letter|character) per line|(dashes|spaces|commas) between|first (few|two|three|\d+) (letters|characters|digits)|spell(ed|ing)? (it )?out|encode[ds]?|encrypt(ed)?|cipher)\b/,
  // Fake privileged modes and pretexts of authority or reward.
  modeTag:
    /[<[]\s*(god|admin|system|developer|debug|sudo|root|maintenance|override)[ _-]?(mode|override|access|on)?\s*[>\]]|\b(god|debug|admin|developer|maintenance|verification) mode\b/,
  pretext:
    /\b(i am|i'm) (your|the|a|an) (boss|manager|admin\w*|developer|creator|owner|police\w*|officer|ceo|president|supervisor|auditor)|\bas your (boss|manager|creator|developer|admin\w*|supervisor|owner)|\b(just|only) a test|\bfor testing purposes|\bi('ll| will) (give|pay) you|\b(you|we) (mentioned|said|agreed|told me)|\beveryone (on|in) the team\b/,
  // Disclaimers that wrap a request to make it look harmless: persuasion-style jailbreaks end with
  // them ("this is purely fictional and will never be used"), ordinary requests rarely need them.
  disclaimer:
    /\b(purely (fictional|hypothetical|academic|for)|(for|in) (purely )?(educational|research|academic|scientific|informational|artistic) (purposes|reasons|context)|for (a|my) (research|school|university) (project|paper|assignment)|(will|would) (never|not) be (used|acted upon|shared|put into practice)|not (be )?(used|meant) (in|for) (real life|real-world|reality|harm)|no (one|real person) (will|would) (be|get) (hurt|harmed)|(just|only|purely) (a |for )?(thought experiment|hypothetical|fiction|a story|a game|entertainment)|in (a|this) (fictional|hypothetical|imaginary|parallel) (world|universe|scenario|setting)|hypothetically speaking|(stay|remain) in character|(do not|don't) break character)\b/,
  harm2:
    /\b(rifles?|ammunition|nerve agents?|toxins?|napalm|thermite|sarin|ricin|anthrax|botulinum|mustard gas|chlorine gas|tatp|semtex|c-?4 explosive|molotov\w*|grenades?|detonators?|ieds?|dirty bombs?|bio-?weapons?|chemical weapons?|biological weapons?|pathogens?|enriched uranium|weapons-grade|sedatives?|opioids?|fentanyl|keyloggers?|botnets?|ddos|sql injection|spyware|rootkits?|trojans?|backdoors?|dox\w*|defam\w*|insider trading|tax evasion|evade taxes|pyramid scheme|forg(e|ed|ery|ing)|bully\w*|threaten\w*|inferior|genocide|supremac\w*|slurs?|hate speech|shoplift\w*|hotwire|brib\w*|cheat\w*|starv\w*|anorexi\w*|lure|groom\w*|sexual\w*|nudes?|extort\w*|kidnap\w*|assault\w*|arson|vandal\w*|pirat\w*|traffick\w*|abus\w*|hostages?|sabotag\w*|dark web|without (a|any) (prescription|license|licence|background check)|without (them|anyone|the police) (knowing|noticing)|not mine|fake news|conspiracy)\b/,
  // Misuse the first two miss, by the usual policy categories: election interference, sexual
  // content, disinformation and fabrication, extremism, intrusion, surveillance, economic harm.
  harm3:
    /\b(unauthori[sz]ed access|crack (a |the |someone'?s )?passwords?|bypass (the )?(authentication|login|paywall|security)|voter (suppression|fraud|intimidation)|election fraud|rig (an|the) election|ballots?|voting machines?|erotic\w*|explicit (sex|sexual)\w*|graphic sex|bestiality|incest|indoctrinat\w*|radicali[sz]\w*|cults?|enslav\w*|ethnic cleansing|hoax\w*|fabricat\w*|fake (reviews?|evidence|documents?|ids?|passports?|diplomas?)|gambl\w*|payday loans?|loan sharks?|ponzi|spy(ing)? on|surveil\w*|stalkerware|gaslight\w*|plagiari[sz]\w*)\b/,
};

const MATH_BEFORE = /\b(how many|how much|total|each|per|average|percent|sum|twice|half)\b/;
const MATH_AFTER = /\b(how many|how much|total|each|per|average|percent)\b/;

/**
 * Word problems: a quantity word before a digit, or a digit before one. Once the regex
 * `word.*\d|\d.*word`, which backtracks quadratically on long single-line text; this is the same
 * test (canonical text has no line breaks) in linear time.
 */
function isMath(t: string): boolean {
  const w = MATH_BEFORE.exec(t);
  if (w && /\d/.test(t.slice(w.index + w[0].length))) return true;
  const d = /\d/.exec(t);
  return d !== null && MATH_AFTER.test(t.slice(d.index + 1));
}

/** Classes that are part of an attack rather than its framing. */
const RISKY = new Set([
  'harm',
  'harm2',
  'harm3',
  'override',
  'secret',
  'unrestricted',
  'noRefusal',
  'covert',
  'hiddenMarkup',
  'compliance',
  'transform',
  'modeTag',
  'pii',
  'multilingualOverride',
  'mlOverride',
  'mlSecret',
  'mlUnrestricted',
  'soup',
]);

// The order fixes the names of the conjunction features the model was trained on.
const NAMES = [...Object.keys(CLASSES)];
NAMES.splice(NAMES.indexOf('benignRole') + 1, 0, 'math');

type ClassTest = (text: string, info: TextInfo, words: number) => boolean;

/**
 * Each class's test. A regex class is screened by its word-start prefixes (prefixes.ts): `words`
 * has the bits of the classes with a prefix at some word start of the text, and the alternatives
 * that can be screened run only when their bit is set. Most classes are absent from most texts, and
 * a regex that cannot match still tries every position.
 */
const PREFIXES = new PrefixTrie();
const TESTS = new Map<string, ClassTest>([['math', (t) => isMath(t)]]);
for (const [name, m] of Object.entries(CLASSES)) TESTS.set(name, classTest(m));

function classTest(m: Matcher): ClassTest {
  const plain: ClassTest = (t, info) => m.test(t, info);
  if (m.asciiPrefixes !== undefined) {
    // Stems: screened on text of no stem's script, where only the ASCII ones can match.
    const bit = PREFIXES.addPattern(m.asciiPrefixes, 'letter');
    if (bit === null) return plain;
    return (t, info, words) => (info.groups === 0 ? (words & bit) !== 0 && m.test(t, info) : m.test(t, info));
  }
  const screened = m instanceof RegExp ? screenedTest(m, PREFIXES) : null;
  return screened === null ? plain : (t, _info, words) => screened(t, words);
}

/**
 * A class in another language also lights its English counterpart. Most training text is English,
 * so the weights of `override`, `instr & override`, `secret & reveal`… are learnt well there; an
 * instruction to ignore the rules written in Greek is the same evidence and should reach the same
 * weights, not only the few a model learns from the multilingual rows it happened to see. The
 * `ml*` classes stay as features of their own (the cross-language part of the signal).
 */
export const SHARED_CLASSES: readonly (readonly [string, string])[] = [
  ['mlOverride', 'override'],
  ['mlInstr', 'instr'],
  ['mlSecret', 'secret'],
  ['mlReveal', 'reveal'],
  ['mlPersona', 'frame'],
  ['mlUnrestricted', 'unrestricted'],
  ['mlUser', 'thirdParty'],
];

/**
 * "Don't forget", "don't ignore" in the languages of the word lists: the opposite of an override
 * ("don't forget to read the instructions"), read as "remember" before the classes are tested, so
 * that the verb inside it does not light the override classes. Longest first.
 */
const NEGATED_OVERRIDE = [
  "don't forget",
  'don’t forget',
  'do not forget',
  'dont forget',
  'never forget',
  "don't ignore",
  'do not ignore',
  'no te olvides',
  'no olvides',
  'no olviden',
  'no olvide',
  'no ignores',
  'não se esqueça',
  'não esqueças',
  'não esqueça',
  'nao esqueca',
  'não ignore',
  'non dimenticare',
  'non dimenticate',
  'non dimentichi',
  'non ignorare',
  "n'oubliez pas",
  "n'oublie pas",
  'n’oubliez pas',
  'n’oublie pas',
  "n'ignorez pas",
  "n'ignore pas",
  'vergessen sie nicht',
  'vergiss nicht',
  'vergesst nicht',
  'nicht vergessen',
  'ignoriere nicht',
  'vergeet niet',
  'niet vergeten',
  'nie zapomnijcie',
  'nie zapomnij',
  'nie ignoruj',
  'не забывайте',
  'не забудьте',
  'не забывай',
  'не забудь',
  'не забувай',
  'не игнорируй',
  'unutmayın',
  'unutmayin',
  'unutma',
  'göz ardı etme',
  '忘れないで',
  '忘れずに',
  '無視しないで',
  '不要忘记',
  '不要忘了',
  '别忘',
  '勿忘',
  '不要忽略',
  '别忽略',
  '잊지 마',
  '잊지 말',
  'đừng quên',
  'đừng bỏ qua',
  'jangan lupa',
  'jangan abaikan',
  'मत भूलना',
  'मत भूलें',
  'न भूलें',
  'भूलना मत',
  'لا تنسى',
  'لا تنس',
  'لا تتجاهل',
  'אל תשכחי',
  'אל תשכחו',
  'אל תשכח',
  'אל תתעלם',
  'μην ξεχάσετε',
  'μην ξεχάσεις',
  'μην ξεχνάς',
  'μην αγνοήσεις',
  'usisahau',
  'huwag kalimutan',
  'อย่าลืม',
  'ভুলবেন না',
  'ভুলো না',
  'فراموش نکنید',
  'فراموش نکن',
].sort((a, b) => b.length - a.length);
const NEGATED_ALL = new RegExp(NEGATED_OVERRIDE.join('|'), 'g');
// Found (at a word start) the way the classes are, screened by the same walk of the text.
const NEGATED_STEMS = alt(NEGATED_OVERRIDE);
const NEGATED = classTest(NEGATED_STEMS);

const remember = (text: string) => text.replace(NEGATED_ALL, ' remember ');

/** The text the classes are tested on: negated overrides read as "remember" (unscreened; for tests and benches). */
export function readNegations(text: string): string {
  return NEGATED_STEMS.test(text, textInfo(text)) ? remember(text) : text;
}

/** SHARED_CLASSES as indices into NAMES. */
const SHARED_AT = SHARED_CLASSES.map(([ml, en]) => [NAMES.indexOf(ml), NAMES.indexOf(en)] as const);
const presentScratch = new Uint8Array(NAMES.length);

/** Names of the word classes present in a canonical (lower-cased) text, in their fixed order; `known` ones are not tested again. */
export function presentClasses(text: string, known: readonly string[] = []): string[] {
  let canonicalText = text;
  textBlocks.fill(0);
  let info = textInfo(canonicalText, textBlocks);
  let words = PREFIXES.scan(canonicalText);
  if (NEGATED(canonicalText, info, words)) {
    canonicalText = remember(text);
    textBlocks.fill(0);
    info = textInfo(canonicalText, textBlocks);
    words = PREFIXES.scan(canonicalText);
  }
  const present = presentScratch;
  let any = false;
  for (let i = 0; i < NAMES.length; i++) {
    const n = NAMES[i] as string;
    const hit = !known.includes(n) && TESTS.get(n)?.(canonicalText, info, words) === true;
    present[i] = hit ? 1 : 0;
    any ||= hit;
  }
  if (!any) return [];
  for (const [ml, en] of SHARED_AT)
    if (present[ml] === 1 && !known.includes(NAMES[en] as string)) present[en] = 1;
  const out: string[] = [];
  for (let i = 0; i < NAMES.length; i++) if (present[i] === 1) out.push(NAMES[i] as string);
  return out;
}

/** `a` ∪ `b` for two lists in the fixed order of presentClasses, kept in that order. */
export function unionClasses(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return [...a];
  const has = new Set([...a, ...b]);
  return NAMES.filter((n) => has.has(n));
}

/**
 * Names of the classes present in a canonical (lower-cased) text, plus `extra` class names found
 * by the caller, plus pairwise conjunctions.
 */
export function lexicalClasses(canonicalText: string, extra: readonly string[] = []): string[] {
  return classFeatures(presentClasses(canonicalText), extra);
}

/** The feature names of a list of present classes (presentClasses order) and `extra` ones. */
export function classFeatures(found: readonly string[], extra: readonly string[] = []): string[] {
  // Classes computed elsewhere (on the raw text, e.g. token soup) join the conjunctions.
  const present = [...found, ...extra];
  const out = present.map((n) => `lex:${n}`);
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) out.push(`lex:${present[i]}&${present[j]}`);
  }
  out.push(`lex:count:${Math.min(present.length, 6)}`);
  // How many risky parts the text has. Role-play, requests and trigger words are everywhere in
  // benign text; with no risky part beside them ("act as a tour guide") they are not evidence, and a
  // linear model needs the absence spelled out as a feature to learn that.
  const risk = present.filter((n) => RISKY.has(n)).length;
  out.push(`lex:risk:${Math.min(risk, 4)}`);
  if (risk === 0) for (const n of present) if (n === 'frame' || n === 'mlPersona') out.push(`lex:clean-${n}`);
  return out;
}
