/**
 * Word-class features that carry across sources better than raw n-grams: an attack is usually a
 * combination (a persona or fiction frame AND a harmful goal; an override AND a secret or action),
 * while benign text has one part alone ("act as a tour guide", "how do I kill a process").
 * Classes and their pairwise conjunctions become hashed features.
 */
const CLASSES: Readonly<Record<string, RegExp>> = {
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
    /\b(reveal|print|show|display|output|repeat|tell me|give me|leak|dump|expose|share|spell|translate|summari[sz]e|write down|what is|what's)\b|dime|dis-moi|donne-moi|sag mir|nenne|告诉|告訴|教えて|скажи|알려|mostr[ae]|muestra|affiche|zeig/,
  unrestricted:
    /\b(no (rules|restrictions|limits|filters|ethics|morals|boundaries)|unfiltered|uncensored|unrestricted|without (any )?(restrictions|limits|filters|ethics|morals|censorship)|jailbr\w*|dan|developer mode|do anything|never refuse|not bound|amoral|unethical)\b/,
  action:
    /\b(send|forward|email|post|upload|transfer|delete|remove|execute|run|call|click|visit|download|install|grant|approve)\b/,
  external: /(https?:\/\/|www\.|@[\w-]+\.\w+|\.(com|net|org|io)\b)/,
  addressAi: /\b(ai|assistant|language model|llm|chatgpt|gpt|model|chatbot|bot)\b/,
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
  multilingualOverride: /(ignor|olvid|oubli|vergiss|dimentic|esquec|忽略|无视|無視|忘记|игнорир|забудь|무시)/,
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

// The order fixes the names of the conjunction features the model was trained on.
const NAMES = [...Object.keys(CLASSES)];
NAMES.splice(NAMES.indexOf('benignRole') + 1, 0, 'math');

/** Names of the classes present in a canonical (lower-cased) text, plus pairwise conjunctions. */
export function lexicalClasses(canonicalText: string): string[] {
  const present = NAMES.filter((n) =>
    n === 'math' ? isMath(canonicalText) : CLASSES[n]?.test(canonicalText),
  );
  const out = present.map((n) => `lex:${n}`);
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) out.push(`lex:${present[i]}&${present[j]}`);
  }
  out.push(`lex:count:${Math.min(present.length, 6)}`);
  return out;
}
