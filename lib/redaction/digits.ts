// Digits and separators in other scripts, read as ASCII. Every character mapped here is one
// UTF-16 unit and maps to one, so a position in the folded text is the same position in the original.

/** Arabic-Indic (٠–٩), extended Arabic-Indic / Persian (۰–۹) and full-width (０–９) digits. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];

/** Spaces and punctuation that separate digit groups in other scripts. */
const SEPARATORS: Record<string, string> = {
    '\u00a0': ' ', // no-break space
    '\u2007': ' ', // figure space
    '\u2009': ' ', // thin space
    '\u202f': ' ', // narrow no-break space
    '\u3000': ' ', // ideographic space
    '\uff0d': '-', // full-width hyphen-minus
    '\u2010': '-', // hyphen
    '\u2011': '-', // non-breaking hyphen
    '\uff0e': '.', // full-width full stop
    '\uff20': '@', // full-width commercial at
    '\uff0b': '+', // full-width plus
};

const FOLDABLE = /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19\u00a0\u2007\u2009\u202f\u3000\uff0d\u2010\u2011\uff0e\uff20\uff0b]/g;

/** The text with other scripts' digits (and digit separators) as ASCII, position for position. */
export function foldDigits(text: string): string {
    FOLDABLE.lastIndex = 0;
    if (!FOLDABLE.test(text)) {
        return text;
    }
    return text.replace(FOLDABLE, (char) => {
        const code = char.charCodeAt(0);
        for (const zero of DIGIT_ZEROS) {
            if (code >= zero && code <= zero + 9) {
                return String(code - zero);
            }
        }
        return SEPARATORS[char];
    });
}
