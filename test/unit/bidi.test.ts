// eslint-disable-next-line @typescript-eslint/no-var-requires
const bidiFactory = require('bidi-js');
import { analyzeParagraph, BidiEngine, fontkitReverses, graphemes, needsBidi, reverseGraphemes, VisualPiece, visualPieces } from '../../lib/pdf/bidi';
import { createScriptSplitter, FontCoverageEntry } from '../../lib/pdf/scripts';
import { Measurer, TextLayout, TextLeaf } from '../../lib/pdf/text';

const bidi: BidiEngine = bidiFactory();

// A small coverage table: what matters here is which font each character lands in.
const coverage: FontCoverageEntry[] = [
    { family: 'Latin', group: 'sans', ranges: [0x20, 0x7e, 0xa0, 0xff] },
    { family: 'Arabic', group: 'arabic', ranges: [0x20, 0x20, 0x600, 0x6ff, 0x200c, 0x200d] },
    { family: 'Hebrew', group: 'hebrew', ranges: [0x20, 0x20, 0x590, 0x5ff] },
    { family: 'Emoji', group: 'emoji', ranges: [0x20, 0x20, 0x200d, 0x200d, 0xfe0f, 0xfe0f, 0x1f000, 0x1faff] },
];
const splitter = createScriptSplitter(coverage);

function pieces(text: string, start?: number, end?: number): VisualPiece[] {
    const para = analyzeParagraph(bidi, text);
    return visualPieces(bidi, para, splitter.assign(text), start, end);
}

/** What ends up on the page, left to right: fontkit reverses each RTL-script piece it is given. */
function display(ps: Array<{ text: string }>): string {
    return ps.map((p) => (fontkitReverses(p.text) ? reverseGraphemes(p.text) : p.text)).join('');
}

describe('needsBidi / fontkitReverses / graphemes', () => {
    test('only text with RTL characters or bidi controls needs the algorithm', () => {
        expect(needsBidi('Hello, Привет, 你好 😀')).toBe(false);
        expect(needsBidi('Hello مرحبا')).toBe(true);
        expect(needsBidi('שלום')).toBe(true);
        expect(needsBidi('abc\u202edef')).toBe(true); // RLO: "Trojan source" style override
    });

    test('fontkit reverses words whose first script character is RTL', () => {
        expect(fontkitReverses('مرحبا')).toBe(true);
        expect(fontkitReverses('!مرحبا')).toBe(true);
        expect(fontkitReverses('١٢٣')).toBe(true); // Arabic-Indic digits are Arabic script
        expect(fontkitReverses('،')).toBe(false); // Arabic comma is Common
        expect(fontkitReverses('abc')).toBe(false);
        expect(fontkitReverses('123')).toBe(false);
        expect(fontkitReverses('😀')).toBe(false);
    });

    test('graphemes keep surrogate pairs, marks, ZWJ sequences, skin tones and flags together', () => {
        expect(graphemes('a😀b')).toEqual(['a', '😀', 'b']);
        expect(graphemes('e\u0301x')).toEqual(['e\u0301', 'x']);
        expect(graphemes('👨‍👩‍👧!')).toEqual(['👨‍👩‍👧', '!']);
        expect(graphemes('👍🏽🇩🇪')).toEqual(['👍🏽', '🇩🇪']);
        expect(reverseGraphemes('a😀b')).toBe('b😀a');
    });
});

describe('visualPieces', () => {
    test('RTL paragraph with a number: words in visual order, number left to right', () => {
        const text = 'مرحبا 123 عالم';
        expect(analyzeParagraph(bidi, text).rtl).toBe(true);
        const ps = pieces(text);
        // (the space after "123" is in the Latin run, so it travels with the number)
        expect(ps.map((p) => p.text)).toEqual(['عالم', ' 123', ' ', 'مرحبا']);
        expect(ps.map((p) => splitter.families[p.font])).toEqual(['Arabic', 'Latin', 'Arabic', 'Arabic']);
        // RTL words are handed over in logical order (fontkit shapes, then reverses them).
        expect(ps.filter((p) => p.rtl).map((p) => p.text)).toEqual(['عالم', 'مرحبا']);
        expect(display(ps)).toBe('ملاع 123 ابحرم');
    });

    test('mixed Arabic line with a date, Latin and punctuation', () => {
        // UBA: after Arabic letters "2025-03-10" becomes three AN runs shown right to left.
        const ps = pieces('رقم 12345 في 2025-03-10 عبر Rocket.Chat!');
        expect(display(ps)).toBe('!Rocket.Chat ربع 10-03-2025 يف 12345 مقر');
    });

    test('LTR paragraph with an embedded Hebrew phrase and a number', () => {
        const text = 'Order שלום עולם 42 done';
        expect(analyzeParagraph(bidi, text).rtl).toBe(false);
        expect(display(pieces(text))).toBe('Order 42 םלוע םולש done');
    });

    test('brackets are mirrored in RTL runs', () => {
        const ps = pieces('שלום (עולם)');
        expect(display(ps)).toBe('(םלוע) םולש');
        expect(ps[0].text).toBe('(');
    });

    test('Arabic-Indic digits keep their order although fontkit reverses Arabic-script pieces', () => {
        const ps = pieces('رقم ١٢٣');
        expect(ps[0]).toMatchObject({ text: '٣٢١', rtl: true });
        expect(display(ps)).toBe('١٢٣ مقر');
    });

    test('emoji inside RTL text stay intact (astral characters get a same-class stand-in for bidi-js)', () => {
        expect(display(pieces('شكرا 😀'))).toBe('😀 اركش');
        const family = display(pieces('👨‍👩‍👧 شكرا'));
        expect(family).toBe('اركش 👨‍👩‍👧');
        // a paragraph that starts with an emoji still takes its direction from the Arabic
        expect(analyzeParagraph(bidi, '😀 شكرا').rtl).toBe(true);
    });

    test('RLO override reverses Latin text (shown as it would be displayed)', () => {
        expect(display(pieces('abc\u202edef\u202c ghi'))).toBe('abcfed ghi');
    });

    test('a line range is reordered on its own', () => {
        const text = 'واحد اثنان ثلاثة';
        // first "line" = the first two words (logical), reordered alone
        expect(display(pieces(text, 0, 10))).toBe('نانثا دحاو');
        expect(display(pieces(text, 11, text.length))).toBe('ةثالث');
    });
});

describe('TextLayout with a measurer (per-line reordering of wrapped RTL paragraphs)', () => {
    // every UTF-16 code unit is 1pt wide
    const measurer: Measurer = { width: (text: string) => text.length };
    const layout = new TextLayout(splitter, bidi, measurer);

    /** Split block leaves into lines at lineEnd. */
    function lines(leaves: TextLeaf[]): TextLeaf[][] {
        const out: TextLeaf[][] = [[]];
        for (const l of leaves) {
            out[out.length - 1].push(l);
            if (l.lineEnd) {
                out.push([]);
            }
        }
        return out.filter((l) => l.length);
    }

    test('a long RTL paragraph wraps in logical order and each line reads right to left', () => {
        const blocks = layout.blocks('واحد اثنان ثلاثة اربعة', { width: 12, fontSize: 10 });
        expect(blocks).toHaveLength(1);
        expect(blocks[0].rtl).toBe(true);
        const ls = lines(blocks[0].leaves);
        expect(ls).toHaveLength(2);
        // line 1 holds the first two words, the first word at the right end
        expect(display(ls[0]).trim()).toBe('نانثا دحاو');
        expect(display(ls[1]).trim()).toBe('ةعبرا ةثالث');
        // every leaf is noWrap: pdfmake must not re-break measured lines
        expect(blocks[0].leaves.every((l) => l.noWrap)).toBe(true);
        // RTL words never contain a space (pdfkit would split them before fontkit reverses)
        expect(blocks[0].leaves.filter((l) => l.rtl).every((l) => !/ /.test(l.text))).toBe(true);
    });

    test('LTR text is broken at spaces; over-long words are cut', () => {
        const blocks = layout.blocks('aaaa bbbb cccc\nxxxxxxxxxxxxxxxxxxxxxxxxx', { width: 10, fontSize: 10 });
        expect(blocks).toHaveLength(1);
        const ls = lines(blocks[0].leaves).map((l) => l.map((x) => x.text).join(''));
        expect(ls[0].trim()).toBe('aaaa bbbb');
        expect(ls[1].trim()).toBe('cccc');
        expect(ls.slice(2).join('').replace(/\s/g, '')).toBe('x'.repeat(25));
        expect(ls.slice(2).every((l) => l.trim().length <= 10)).toBe(true);
    });

    test('paragraph direction decides the block: LTR and RTL paragraphs get separate blocks', () => {
        const blocks = layout.blocks('hello\nمرحبا\nworld', { width: 100, fontSize: 10 });
        expect(blocks.map((b) => b.rtl)).toEqual([false, true, false]);
    });

    test('without a measurer an RTL paragraph is reordered as one line', () => {
        const plain = new TextLayout(splitter, bidi, null);
        const blocks = plain.blocks('واحد اثنان', { width: 5, fontSize: 10 });
        expect(blocks).toHaveLength(1);
        expect(display(blocks[0].leaves)).toBe('نانثا دحاو');
    });
});
