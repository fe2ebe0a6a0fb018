import { Catalog, createTranslator, isRtlLanguage, TRANSCRIPT_LABEL_KEYS } from '../../lib/i18n';
import { shippedCatalogs } from '../catalogs';

const catalogs = shippedCatalogs();
const en: Catalog = require('../../i18n/en.json');

describe('language resolution', () => {
    const translator = createTranslator(catalogs);

    test.each([
        ['pt-BR', 'pt-BR'],
        ['pt-br', 'pt-BR'],
        ['PT_BR', 'pt-BR'],
        ['pt-PT', 'pt-BR'],
        ['pt', 'pt-BR'],
        ['de', 'de'],
        ['de-AT', 'de'],
        ['DE-ch', 'de'],
        ['zh-CN', 'zh'],
        ['zh-TW', 'zh'],
        ['zh-Hant-TW', 'zh'],
        ['ar-EG', 'ar'],
        ['en-US', 'en'],
        ['ja', 'en'],
        ['', 'en'],
        [undefined, 'en'],
    ])('%s -> %s', (wanted, expected) => {
        expect(translator.resolveLanguage(wanted)).toBe(expected);
    });

    test('prefers the bare base language over another region', () => {
        const t = createTranslator({ en: {}, 'de-CH': {}, de: {} });
        expect(t.resolveLanguage('de-AT')).toBe('de');
        expect(t.resolveLanguage('de-CH')).toBe('de-CH');
    });

    test('uses the given fallback language', () => {
        const t = createTranslator({ en: { a: 'A' }, fr: { a: 'Á' } }, 'fr');
        expect(t.resolveLanguage('ja')).toBe('fr');
        expect(t.t('ja', 'a')).toBe('Á');
    });
});

describe('t()', () => {
    const translator = createTranslator({
        en: { hello: 'Hello {name}, you have {count} messages', only_en: 'English only', blank: 'Not blank' },
        de: { hello: 'Hallo {name}, du hast {count} Nachrichten', blank: '' },
    });

    test('replaces placeholders, numbers included', () => {
        expect(translator.t('de', 'hello', { name: 'Anna', count: 3 })).toBe('Hallo Anna, du hast 3 Nachrichten');
    });

    test('inserts values literally: no markup escaping, no $-patterns, no re-expansion', () => {
        expect(translator.t('en', 'hello', { name: '<b>$& {count}</b>', count: 0 })).toBe('Hello <b>$& {count}</b>, you have 0 messages');
    });

    test('leaves placeholders without a value as they are', () => {
        expect(translator.t('en', 'hello', { name: 'Bo' })).toBe('Hello Bo, you have {count} messages');
    });

    test('falls back to the fallback language for missing or empty keys', () => {
        expect(translator.t('de', 'only_en')).toBe('English only');
        expect(translator.t('de', 'blank')).toBe('Not blank');
    });

    test('returns the key itself when no language has it', () => {
        expect(translator.t('de', 'no_such_key')).toBe('no_such_key');
        expect(translator.t('de', 'toString')).toBe('toString');
    });

    test('labels() has every transcript label in the language', () => {
        const real = createTranslator(catalogs);
        const labels = real.labels('de-AT');
        for (const key of TRANSCRIPT_LABEL_KEYS) {
            expect(labels[key]).toBe(catalogs.de[key]);
        }
        expect(real.t('de', 'label_page_of', { page: 2, pages: 5 })).toBe('Seite 2 von 5');
    });
});

describe('i18n/*.json catalogs', () => {
    const enKeys = Object.keys(en).sort();
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) || []).sort();

    test('en.json has every transcript label and the email strings', () => {
        for (const key of [...TRANSCRIPT_LABEL_KEYS, 'email_default_subject', 'email_intro', 'email_footer', 'agent_anonymous', 'visitor_anonymous', 'label_system', 'label_quote']) {
            expect(en).toHaveProperty([key]);
        }
        expect(en.transcript_title).toBe('Conversation transcript');
        expect(en.label_page_of).toBe('Page {page} of {pages}');
        expect(en.email_default_subject).toBe('Transcript of your livechat conversation');
    });

    test('the expected languages exist', () => {
        expect(Object.keys(catalogs).sort()).toEqual(expect.arrayContaining(['ar', 'de', 'en', 'es', 'fr', 'pt-BR', 'ru', 'zh']));
    });

    test.each(Object.keys(catalogs))('%s.json has exactly the keys of en.json, all non-empty, same placeholders', (language) => {
        const catalog = catalogs[language];
        expect(Object.keys(catalog).sort()).toEqual(enKeys);
        for (const key of enKeys) {
            expect(typeof catalog[key]).toBe('string');
            expect(catalog[key].trim()).not.toBe('');
            expect([key, placeholders(catalog[key])]).toEqual([key, placeholders(en[key])]);
        }
    });
});

test('isRtlLanguage', () => {
    expect(['ar', 'ar-SA', 'he', 'fa-IR', 'ur'].every(isRtlLanguage)).toBe(true);
    expect(['en', 'de', 'zh', 'pt-BR', 'arn'].some(isRtlLanguage)).toBe(false);
});
