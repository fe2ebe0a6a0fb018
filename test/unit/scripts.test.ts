import { fontCoverage } from '../../build/fonts';
import { createScriptSplitter, DROP, FontCoverageEntry, FontRun } from '../../lib/pdf/scripts';

// Coverage read from the real font files (the same table the vendor bundle ships).
let coverage: FontCoverageEntry[];
beforeAll(() => {
    coverage = fontCoverage();
});

const runs = (text: string, language?: string): Array<[string, string]> =>
    createScriptSplitter(coverage, { language })
        .split(text)
        .map((r: FontRun) => [r.font, r.text]);

describe('font coverage table', () => {
    test('lists the bundled families in priority order with sorted ranges', () => {
        const families = coverage.map((c) => c.family);
        expect(families[0]).toBe('NotoSans-latin');
        expect(families).toEqual(expect.arrayContaining(['NotoSans-cyrillic', 'NotoSans-greek', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansSC', 'NotoSansJP', 'NotoSansKR', 'NotoEmoji']));
        for (const c of coverage) {
            expect(c.ranges.length % 2).toBe(0);
            for (let i = 0; i < c.ranges.length; i += 2) {
                expect(c.ranges[i]).toBeLessThanOrEqual(c.ranges[i + 1]);
                if (i > 0) {
                    expect(c.ranges[i]).toBeGreaterThan(c.ranges[i - 1] + 1);
                }
            }
        }
    });
});

describe('createScriptSplitter', () => {
    test('ASCII is one Latin run', () => {
        expect(runs('Hello, world! 123')).toEqual([['NotoSans-latin', 'Hello, world! 123']]);
        expect(runs('')).toEqual([]);
    });

    test('spaces and punctuation stay in the current script run when its font covers them', () => {
        expect(runs('Привет мир')).toEqual([['NotoSans-cyrillic', 'Привет мир']]);
        // The fontsource Cyrillic subset has the space but no ASCII punctuation.
        expect(runs('Привет, мир')).toEqual([
            ['NotoSans-cyrillic', 'Привет'],
            ['NotoSans-latin', ', '],
            ['NotoSans-cyrillic', 'мир'],
        ]);
        expect(runs('Hello Привет')).toEqual([
            ['NotoSans-latin', 'Hello '],
            ['NotoSans-cyrillic', 'Привет'],
        ]);
        expect(runs('Γειά σου κόσμε')).toEqual([['NotoSans-greek', 'Γειά σου κόσμε']]);
    });

    test('Arabic, Hebrew and digits', () => {
        // The Arabic subset has no ASCII digits: they go to the Latin font.
        expect(runs('مرحبا 123')).toEqual([
            ['NotoSansArabic', 'مرحبا '],
            ['NotoSans-latin', '123'],
        ]);
        expect(runs('שלום')).toEqual([['NotoSansHebrew', 'שלום']]);
        // Arabic-Indic digits and the Arabic comma are in the Arabic font.
        expect(runs('رقم ١٢٣، شكرا')).toEqual([['NotoSansArabic', 'رقم ١٢٣، شكرا']]);
    });

    test('CJK: simplified Chinese by default, the language picks the variant', () => {
        expect(runs('中文测试')).toEqual([['NotoSansSC', '中文测试']]);
        expect(runs('日本語のテキスト', 'ja')).toEqual([['NotoSansJP', '日本語のテキスト']]);
        expect(runs('한국어 텍스트')).toEqual([['NotoSansKR', '한국어 텍스트']]);
        // The SC font also has kana: without a language hint Japanese stays in SC.
        expect(runs('テキスト日本')).toEqual([['NotoSansSC', 'テキスト日本']]);
        // Hangul only in KR; Han after it stays in KR's group while KR covers it.
        expect(runs('한국 中文', 'en')).toEqual([
            ['NotoSansKR', '한국 '],
            ['NotoSansSC', '中文'],
        ]);
        // Latin letters inside CJK text use the Latin font, digits stay in the CJK run.
        expect(runs('我有3个Python')).toEqual([
            ['NotoSansSC', '我有3个'],
            ['NotoSans-latin', 'Python'],
        ]);
    });

    test('emoji: sequences stay together, text around them does not stick to the emoji font', () => {
        expect(runs('hi 😀!')).toEqual([
            ['NotoSans-latin', 'hi '],
            ['NotoEmoji', '😀'],
            ['NotoSans-latin', '!'],
        ]);
        expect(runs('👨‍👩‍👧')).toEqual([['NotoEmoji', '👨‍👩‍👧']]);
        expect(runs('👍🏽 🇩🇪')).toEqual([
            ['NotoEmoji', '👍🏽'],
            ['NotoSans-latin', ' '],
            ['NotoEmoji', '🇩🇪'],
        ]);
        // Emoji presentation selectors pull a text character into the emoji font.
        expect(runs('1️⃣')).toEqual([['NotoEmoji', '1️⃣']]);
        expect(runs('❤️')).toEqual([['NotoEmoji', '❤️']]);
        expect(runs('room 1')).toEqual([['NotoSans-latin', 'room 1']]);
    });

    test('combining marks stay with their base; invisible controls nobody covers are dropped', () => {
        expect(runs('e\u0301te\u0301')).toEqual([['NotoSans-latin', 'e\u0301te\u0301']]);
        expect(runs('ab\u202ecd\u200f')).toEqual([['NotoSans-latin', 'abcd']]);
        const split = createScriptSplitter(coverage);
        const fonts = split.assign('a\u202eb');
        expect(fonts[1]).toBe(DROP);
    });

    test('uncovered characters fall back to the first (Latin) family', () => {
        expect(runs('ก')).toEqual([['NotoSans-latin', 'ก']]);
    });

    test('assign() gives both halves of a surrogate pair the same font', () => {
        const split = createScriptSplitter(coverage);
        const fonts = split.assign('a😀');
        expect(fonts.length).toBe(3);
        expect(fonts[1]).toBe(fonts[2]);
        expect(split.families[fonts[1]]).toBe('NotoEmoji');
        expect(split.covers(split.families.indexOf('NotoEmoji'), 0x1f600)).toBe(true);
        expect(split.covers(0, 0x1f600)).toBe(false);
    });

    test('works with any coverage table (priority order, fallback is the first entry)', () => {
        const table: FontCoverageEntry[] = [
            { family: 'A', group: 'sans', ranges: [0x20, 0x7e] },
            { family: 'B', group: 'sans', ranges: [0x20, 0x20, 0x400, 0x4ff] },
        ];
        const split = createScriptSplitter(table);
        expect(split.split('ab жж cd')).toEqual([
            { font: 'A', text: 'ab ' },
            { font: 'B', text: 'жж ' },
            { font: 'A', text: 'cd' },
        ]);
        expect(() => createScriptSplitter([])).toThrow();
    });
});
