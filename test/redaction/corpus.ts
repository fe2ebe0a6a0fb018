// A labelled corpus for the redaction detectors, generated deterministically (seed 16): the same
// samples on every machine. `npx tsx test/redaction/corpus.ts` prints counts and a few samples.
//
// Positives carry the span a detector must cover; negatives are text a detector must leave alone
// (order and tracking numbers, Luhn-invalid numbers, timestamps, dates, amounts, UUIDs, phone
// numbers, version strings, handles). `forKinds` says which detectors a negative is meant for:
// a phone number is a negative for the card and IBAN detectors, not for the phone detector.
import { createRng, Rng } from '../../bench/prng';

export type Kind = 'card' | 'iban' | 'email' | 'phone';

export interface Positive {
    kind: Kind;
    /** What the sample is, e.g. "visa-16 space ar arabic-indic". */
    label: string;
    text: string;
    /** The personal data inside `text`: [start, end). */
    start: number;
    end: number;
    /** The last four digits or characters a replacement must keep (cards and IBANs), in ASCII. */
    last4?: string;
}

export interface Negative {
    label: string;
    text: string;
    forKinds: Kind[];
}

const ALL_KINDS: Kind[] = ['card', 'iban', 'email', 'phone'];

// ---- digits -----------------------------------------------------------------------------------

const SCRIPTS = {
    ascii: 0x30,
    'arabic-indic': 0x0660,
    persian: 0x06f0,
    'full-width': 0xff10,
};
type Script = keyof typeof SCRIPTS;

function inScript(text: string, script: Script): string {
    const zero = SCRIPTS[script];
    return text.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));
}

function luhnCheckDigit(body: string): string {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
        let d = Number(body[body.length - 1 - i]);
        if (i % 2 === 0) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
    }
    return String((10 - (sum % 10)) % 10);
}

// ---- card numbers -----------------------------------------------------------------------------

interface CardBrand {
    name: string;
    prefixes: string[];
    lengths: number[];
    /** Group sizes as printed on the card, per length. */
    groups: Record<number, number[]>;
}

const G4 = (length: number) => [...Array(Math.floor(length / 4)).fill(4), ...(length % 4 ? [length % 4] : [])];

const BRANDS: CardBrand[] = [
    { name: 'visa', prefixes: ['4'], lengths: [13, 16, 19], groups: { 13: [4, 3, 3, 3], 16: G4(16), 19: G4(19) } },
    { name: 'mastercard', prefixes: ['51', '52', '53', '54', '55'], lengths: [16], groups: { 16: G4(16) } },
    { name: 'mastercard-2', prefixes: ['2221', '2300', '2500', '2720'], lengths: [16], groups: { 16: G4(16) } },
    { name: 'amex', prefixes: ['34', '37'], lengths: [15], groups: { 15: [4, 6, 5] } },
    { name: 'discover', prefixes: ['6011', '644', '649', '65'], lengths: [16, 19], groups: { 16: G4(16), 19: G4(19) } },
    { name: 'jcb', prefixes: ['3528', '3589'], lengths: [16], groups: { 16: G4(16) } },
    { name: 'unionpay', prefixes: ['6240', '6250', '6270'], lengths: [16, 19], groups: { 16: G4(16), 19: G4(19) } },
    { name: 'diners', prefixes: ['300', '305', '36', '38'], lengths: [14], groups: { 14: [4, 6, 4] } },
    { name: 'maestro', prefixes: ['6759', '6304', '5018'], lengths: [12, 16, 19], groups: { 12: G4(12), 16: G4(16), 19: G4(19) } },
];

function cardNumber(rng: Rng, prefix: string, length: number): string {
    let body = prefix;
    while (body.length < length - 1) {
        body += String(rng.int(0, 9));
    }
    return body + luhnCheckDigit(body);
}

const SEPARATORS = [
    { name: 'contiguous', sep: '' },
    { name: 'space', sep: ' ' },
    { name: 'dash', sep: '-' },
    { name: 'dot', sep: '.' },
];

function grouped(digits: string, sizes: number[], sep: string): string {
    if (!sep) {
        return digits;
    }
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
        parts.push(digits.slice(at, at + size));
        at += size;
    }
    return parts.join(sep);
}

/** Sentences with "{}" where the value goes: Latin, Arabic, Chinese and Russian, next to punctuation. */
const CONTEXTS: Record<string, string[]> = {
    en: ['My card number is {}.', 'Card: {}, expiry 12/27', 'Please charge ({}) today', 'I typed "{}" in the form', 'it is {}!', '{} is the card I used'],
    de: ['Meine Kartennummer lautet {}.', 'Karte: „{}“ bitte belasten', 'Hier: {}; danke'],
    ar: ['رقم بطاقتي هو {} شكرا', 'البطاقة: {}، تنتهي في 12/27', 'استخدمت ({}) للدفع'],
    zh: ['我的卡号是{}，谢谢', '卡号：{}。', '请用这张卡（{}）付款'],
    ru: ['Номер моей карты {}, спасибо', 'Карта: «{}».', 'Спишите с {} пожалуйста'],
};
const LANGS = Object.keys(CONTEXTS);

function place(template: string, value: string): { text: string; start: number; end: number } {
    const start = template.indexOf('{}');
    return { text: template.slice(0, start) + value + template.slice(start + 2), start, end: start + value.length };
}

function cardPositives(rng: Rng): Positive[] {
    const combos = BRANDS.flatMap((brand) => brand.lengths.map((length) => ({ brand, length })));
    const scripts: Script[] = ['ascii', 'ascii', 'arabic-indic', 'persian', 'full-width'];
    const positives: Positive[] = [];
    for (let i = 0; i < 560; i++) {
        const { brand, length } = combos[i % combos.length];
        const separator = SEPARATORS[Math.floor(i / combos.length) % SEPARATORS.length];
        const lang = LANGS[Math.floor(i / (combos.length * SEPARATORS.length)) % LANGS.length];
        const script = scripts[i % scripts.length];
        const digits = cardNumber(rng, rng.pick(brand.prefixes), length);
        const value = inScript(grouped(digits, brand.groups[length], separator.sep), script);
        const { text, start, end } = place(rng.pick(CONTEXTS[lang]), value);
        positives.push({ kind: 'card', label: `${brand.name}-${length} ${separator.name} ${lang} ${script}`, text, start, end, last4: digits.slice(-4) });
    }
    return positives;
}

// ---- IBANs ------------------------------------------------------------------------------------

/** Published example IBANs of 25 countries. */
const IBAN_SEEDS = [
    'DE89370400440532013000',
    'GB29NWBK60161331926819',
    'FR1420041010050500013M02606',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'CH9300762011623852957',
    'AT611904300234573201',
    'PL61109010140000071219812874',
    'SE4550000000058398257466',
    'NO9386011117947',
    'DK5000400440116243',
    'PT50000201231234567890154',
    'SA0380000000608010167519',
    'IE29AIBK93115212345678',
    'LU280019400644750000',
    'FI2112345600000785',
    'CZ6508000000192000145399',
    'AE070331234567890123456',
    'BR1800360305000010009795493C1',
    'TR330006100519786457841326',
    'GR1601101250000000012300695',
    'RO49AAAA1B31007593840000',
    'HU42117730161111101800000000',
];
/** Countries whose account number has no national check digit: more IBANs are made by changing its digits. */
const VARIABLE_SEEDS = IBAN_SEEDS.filter((iban) => !['FR', 'ES', 'BE', 'PL', 'NO', 'PT', 'CZ', 'HU'].includes(iban.slice(0, 2)));

function mod97(numeric: string): number {
    let rest = 0;
    for (const ch of numeric) {
        rest = (rest * 10 + Number(ch)) % 97;
    }
    return rest;
}

/** The IBAN with random account digits and check digits computed again. */
function variantIban(rng: Rng, seed: string): string {
    const country = seed.slice(0, 2);
    const bban = seed
        .slice(4)
        .split('')
        .map((ch, i) => (/\d/.test(ch) && i >= 4 ? String(rng.int(0, 9)) : ch))
        .join('');
    const numeric = (bban + country + '00').replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
    const check = String(98 - mod97(numeric)).padStart(2, '0');
    return country + check + bban;
}

const IBAN_CONTEXTS = ['My IBAN is {}.', 'IBAN: {}, bank XYZ', 'Überweisen Sie bitte auf {} danke', 'رقم الآيبان {} من فضلك', '我的账户：{}。', 'Мой IBAN: {}', 'Send it to ({})'];

function ibanPositives(rng: Rng): Positive[] {
    const positives: Positive[] = [];
    for (let i = 0; i < 120; i++) {
        const iban = i < IBAN_SEEDS.length ? IBAN_SEEDS[i] : variantIban(rng, VARIABLE_SEEDS[i % VARIABLE_SEEDS.length]);
        const style = ['contiguous', 'grouped', 'grouped', 'lower-case', 'full-width'][i % 5];
        let value = style === 'contiguous' ? iban : iban.replace(/(.{4})(?=.)/g, '$1 ');
        value = style === 'lower-case' ? value.toLowerCase() : style === 'full-width' ? inScript(value, 'full-width') : value;
        const { text, start, end } = place(IBAN_CONTEXTS[i % IBAN_CONTEXTS.length], value);
        positives.push({ kind: 'iban', label: `iban-${iban.slice(0, 2)} ${style}`, text, start, end, last4: iban.slice(-4) });
    }
    return positives;
}

// ---- emails and phones ------------------------------------------------------------------------

const EMAILS = ['vera@example.com', 'j.doe+orders@mail.example.co.uk', 'support-team@acme.test', 'ana.silva@empresa.com.br', 'иван@пример.рф', 'li_wei@example.cn', 'o\'brien@example.ie', 'x@y.io'];
const EMAIL_CONTEXTS = ['Write to {} please', 'email: {}.', 'Contact ({}) for help', 'البريد {} شكرا', '邮箱：{}，谢谢', 'Почта: {}'];

function emailPositives(): Positive[] {
    const positives: Positive[] = [];
    for (let i = 0; i < 48; i++) {
        const value = EMAILS[i % EMAILS.length];
        const { text, start, end } = place(EMAIL_CONTEXTS[i % EMAIL_CONTEXTS.length], value);
        positives.push({ kind: 'email', label: `email ${value}`, text, start, end });
    }
    return positives;
}

/** Valid numbers: US national ones (the corpus's workspace is in the US) and international ones. */
const PHONES = ['(415) 555-2671', '415-555-2671', '212 555 0147', '+1 415 555 2671', '+49 30 901820', '+44 20 7946 0958', '+33 1 42 68 53 00', '+7 495 123-45-67', '+86 138 0013 8000', '+971 50 123 4567', '+55 11 91234-5678', '+34 912 345 678'];
const PHONE_CONTEXTS = ['Call me at {}.', 'phone: {}, after 5pm', 'Mein Handy: {}', 'اتصل بي على {} شكرا', '电话：{}。', 'Мой телефон {}'];

function phonePositives(): Positive[] {
    const positives: Positive[] = [];
    for (let i = 0; i < 48; i++) {
        const value = i % 6 === 5 ? inScript(PHONES[i % PHONES.length], 'arabic-indic') : PHONES[i % PHONES.length];
        const { text, start, end } = place(PHONE_CONTEXTS[i % PHONE_CONTEXTS.length], value);
        positives.push({ kind: 'phone', label: `phone ${PHONES[i % PHONES.length]}`, text, start, end });
    }
    return positives;
}

// ---- negatives --------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function negatives(rng: Rng): Negative[] {
    const list: Negative[] = [];
    const add = (label: string, count: number, make: (i: number) => string, forKinds: Kind[] = ALL_KINDS) => {
        for (let i = 0; i < count; i++) {
            list.push({ label, text: make(i), forKinds });
        }
    };
    add('order number', 120, (i) => rng.pick(['Order #{}', 'ORD-2026-{}', 'my order {} has not arrived', 'Bestellung Nr. {}', '订单号{}', 'заказ № {}']).replace('{}', pad(rng.int(1, 99999999), i % 2 ? 6 : 8)));
    add('tracking number', 120, (i) =>
        [
            () => `UPS 1Z${rng.int(100, 999)}AA1${pad(rng.int(0, 99999999), 8)}${rng.int(0, 9)}`,
            () => `USPS ${['9400', '9205', '9361'][i % 3]} ${pad(rng.int(0, 9999), 4)} ${pad(rng.int(0, 9999), 4)} ${pad(rng.int(0, 9999), 4)} ${pad(rng.int(0, 9999), 4)} ${pad(rng.int(0, 99), 2)}`,
            () => `FedEx tracking 7${pad(rng.int(0, 99999999999), 11)}`,
            () => `DHL: JJD${pad(rng.int(0, 999999999), 9)}${pad(rng.int(0, 999999999), 9)}`,
        ][i % 4](),
    );
    add('luhn-invalid 16 digits', 150, (i) => {
        const valid = cardNumber(rng, rng.pick(['4', '51', '55', '6011', '3528', '2221']), 16);
        const wrong = valid.slice(0, 15) + String((Number(valid[15]) + rng.int(1, 9)) % 10);
        return `ref ${grouped(wrong, G4(16), ['', ' ', '-'][i % 3])}`;
    });
    add('timestamp', 120, (i) => {
        const ms = Date.UTC(2020, 0, 1) + rng.int(0, 6 * 365 * 86400) * 1000 + rng.int(0, 999);
        const iso = new Date(ms).toISOString();
        return [`at ${ms}`, `ts=${Math.floor(ms / 1000)}`, `logged ${iso}`, `${iso.replace(/[-:TZ.]/g, '').slice(0, 14)} build`][i % 4];
    });
    add('date', 100, () => {
        const d = new Date(Date.UTC(2000 + rng.int(0, 30), rng.int(0, 11), rng.int(1, 28)));
        const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1, 2), pad(d.getUTCDate(), 2)];
        return rng.pick([`${day}.${m}.${y}`, `${y}-${m}-${day}`, `${m}/${day}/${y}`, `${y}年${m}月${day}日`, `from ${day}.${m}.${y} to ${pad(rng.int(1, 28), 2)}.${m}.${y}`]);
    });
    add('amount', 120, () => {
        const n = rng.int(1, 99999999);
        const cents = pad(rng.int(0, 99), 2);
        return rng.pick([
            `$${n.toLocaleString('en-US')}.${cents}`,
            `${n.toLocaleString('de-DE')},${cents} €`,
            `${n.toLocaleString('fr-FR').replace(/\u202f/g, ' ')},${cents} EUR`,
            `total ${n}.${cents}`,
            `¥${n.toLocaleString('en-US')}`,
        ]);
    });
    add('uuid', 100, () => {
        const hex = (len: number) => Array.from({ length: len }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
        return `request ${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
    });
    add('phone number', 100, (i) => `call ${PHONES[i % PHONES.length]}`, ['card', 'iban']);
    add('version string', 100, () =>
        rng.pick([`v${rng.int(0, 20)}.${rng.int(0, 30)}.${rng.int(0, 99)}`, `Rocket.Chat ${rng.int(5, 7)}.${rng.int(0, 12)}.${rng.int(0, 9)}`, `build ${rng.int(1, 9)}.${rng.int(0, 9)}.${rng.int(0, 9)}.${rng.int(10000, 99999)}`, `2.0.0-beta.${rng.int(1, 9)}`]),
    );
    add('handle and non-address', 40, () => rng.pick(['ping @vera please', 'email me @ work', 'a@b', 'user@localhost', 'meet @ 5pm', 'price: 3 @ $5', '@@@', 'foo@bar.', '@example.com']), ['email']);
    add('plain chat', 60, () => rng.pick(['Hello! My order has not arrived yet.', 'Thanks, that helped a lot 🙏', 'Room 1204, floor 12', 'Call back in 10 minutes', 'ISBN 978-3-16-148410-0', 'IBAN? I do not have one', 'DE is my country code, 89 is my age']));
    return list;
}

export interface Corpus {
    positives: Positive[];
    negatives: Negative[];
}

export function redactionCorpus(seed = 16): Corpus {
    const rng = createRng(seed);
    return {
        positives: [...cardPositives(rng), ...ibanPositives(rng), ...emailPositives(), ...phonePositives()],
        negatives: negatives(rng),
    };
}

/** The workspace country the corpus's national phone numbers belong to. */
export const CORPUS_COUNTRY = 'US';

if (require.main === module) {
    const { positives, negatives: negative } = redactionCorpus();
    const byKind = (kind: Kind) => positives.filter((p) => p.kind === kind).length;
    console.log(`positives: ${positives.length} (cards ${byKind('card')}, IBANs ${byKind('iban')}, emails ${byKind('email')}, phones ${byKind('phone')}); negatives: ${negative.length}`);
    for (const sample of [...positives.filter((_, i) => i % 97 === 0), ...negative.filter((_, i) => i % 151 === 0)]) {
        console.log(JSON.stringify(sample));
    }
}
