// The pre-bundled vendor/redaction.js (built by build/vendor.ts): card-validator, ibantools,
// libphonenumber-js and redos-detector. Required lazily, like lib/pdf/vendor.ts: at package time
// the CLI evaluates the app's main class, when a top-level require of a vendor file returns undefined.

export interface RedactionVendor {
    /** ASCII digits only: Luhn, a known brand prefix and a length that brand issues. */
    isCardNumber(digits: string): boolean;
    /** The IBAN length of a country (ISO 3166 alpha-2, upper case), or undefined if it has none. */
    ibanLength(country: string): number | undefined;
    /** An IBAN in electronic form (upper case, no spaces): format and checksum. */
    isValidIban(iban: string): boolean;
    /** The countries (ISO 3166-1 alpha-2) the phone-number library has metadata for. */
    phoneCountries: string[];
    /** The valid phone numbers in a text: international ones, and national ones of `country` when given. */
    findPhones(text: string, country?: string): Array<{ start: number; end: number }>;
    /** Whether a regular expression is safe from catastrophic backtracking (false when the check times out). */
    checkPattern(regExp: RegExp, timeoutMs: number): { safe: boolean; reason?: string };
}

let vendor: RedactionVendor | undefined;

export function loadRedactionVendor(): RedactionVendor {
    if (!vendor) {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const loaded = require('../../vendor/redaction') as RedactionVendor | undefined;
        if (!loaded || !loaded.isCardNumber) {
            throw new Error('vendor/redaction is missing or incomplete: run the vendor build (build/vendor.ts)');
        }
        vendor = loaded;
    }
    return vendor;
}
