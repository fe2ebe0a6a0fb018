import { shieldFromMailer, survivesMailer } from '../../lib/email/mailerSafe';
import { renderEmail } from '../../lib/email/renderEmail';
import { createTranslator } from '../../lib/i18n';
import { Transcript, TranscriptMessage } from '../../lib/transcript/types';
import { shippedCatalogs } from '../catalogs';

const translator = createTranslator(shippedCatalogs());

// Monday 2 March 2026, 08:05 UTC = 09:05 in Berlin.
const START = Date.UTC(2026, 2, 2, 8, 5);
const XSS = '<img src=x onerror=alert(1)>';

let nextId = 0;
function message(overrides: Partial<TranscriptMessage> = {}): TranscriptMessage {
    nextId++;
    return {
        id: `m${nextId}`,
        sender: { name: 'Vera Visitor', role: 'visitor' },
        at: START,
        text: 'Hello',
        system: false,
        quotes: [],
        images: [],
        files: [],
        ...overrides,
    };
}

function transcript(messages: TranscriptMessage[], overrides: Partial<Transcript> = {}): Transcript {
    return {
        language: 'en-GB',
        timeZone: 'Europe/Berlin',
        header: {
            siteName: 'Acme Support',
            title: 'Conversation transcript',
            visitorName: 'Vera Visitor',
            visitorEmail: 'vera@example.com',
            agentName: 'Alan Agent',
            departmentName: 'Sales',
            startedAt: START,
            closedAt: START + 65 * 60000,
            closeComment: 'Resolved',
            tags: ['billing', 'vip'],
        },
        messages,
        ...overrides,
    };
}

// Every "<" in the output opens a tag the renderer wrote on purpose: a known element whose
// attributes are all double-quoted and none of which is an event handler.
const ALLOWED_TAGS = ['html', 'head', 'meta', 'title', 'body', 'div', 'h1', 'p', 'table', 'tr', 'th', 'td', 'strong', 'span', 'em', 'br', 'blockquote', 'img', 'a'];
function expectOnlyOwnMarkup(html: string): void {
    const body = html.replace(/^<!DOCTYPE html>/, '');
    let at = body.indexOf('<');
    while (at !== -1) {
        const tag = /^<\/?([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/i.exec(body.slice(at, at + 2000));
        expect(tag && tag[0]).toBeTruthy();
        expect(ALLOWED_TAGS).toContain(tag![1].toLowerCase());
        const attributes = tag![2].match(/[a-z-]+(?==")/gi) || [];
        expect(attributes.filter((name) => /^on/i.test(name))).toEqual([]);
        at = body.indexOf('<', at + 1);
    }
    expect(html).not.toMatch(/(href|src)="\s*(javascript|vbscript|data:text)/i);
}

test('the markup check itself rejects foreign markup', () => {
    expect(() => expectOnlyOwnMarkup('<p onclick="x">a</p>')).toThrow();
    expect(() => expectOnlyOwnMarkup('<script>x</script>')).toThrow();
    expect(() => expectOnlyOwnMarkup('<p>a < b</p>')).toThrow();
    expect(() => expectOnlyOwnMarkup('<a href="javascript:x">a</a>')).toThrow();
    expect(() => expectOnlyOwnMarkup('<p dir="auto">a &lt; b</p>')).not.toThrow();
});

describe('header', () => {
    const { html, text } = renderEmail(transcript([message()]), translator);

    test("is a fragment for the workspace's header and footer, with every header field", () => {
        expect(html.startsWith('<div dir="ltr" lang="en-GB"')).toBe(true);
        expect(html).not.toMatch(/<html|<body|<head|<!DOCTYPE/i);
        expect(html.trim().endsWith('</div>')).toBe(true);
        for (const value of ['Acme Support', 'Vera Visitor', 'vera@example.com', 'Alan Agent', 'Sales', 'Resolved', 'billing, vip', '1 hr 5 min', 'Europe/Berlin (GMT+1)', 'Here is the transcript of your conversation with Acme Support.', 'Times are shown in Europe/Berlin (GMT+1).']) {
            expect(html).toContain(value);
            expect(text).toContain(value);
        }
        expect(text).toContain('Agent: Alan Agent');
        expect(text).toContain('Started: 2 Mar 2026, 09:05');
        expect(text).toContain('Closed: 2 Mar 2026, 10:10');
    });

    test('uses inline CSS only', () => {
        expect(html).not.toMatch(/<style|<link|class=/i);
    });

    test('leaves out absent fields', () => {
        const t = transcript([message()]);
        t.header = { siteName: 'Acme', title: '', visitorName: 'V', startedAt: START, tags: [] };
        const out = renderEmail(t, translator);
        expect(out.text).not.toMatch(/Agent:|Closed:|Duration:|Tags:|Closing comment:/);
        expect(out.html).toContain('Conversation transcript');
    });

    test('shows the survey', () => {
        const t = transcript([message()]);
        t.header.survey = { Rating: '5', Comment: XSS };
        const out = renderEmail(t, translator);
        expect(out.text).toContain('Satisfaction survey: Rating: 5\nComment: ' + XSS);
        expect(out.html).toContain('Rating: 5<br>Comment: &lt;img');
        expectOnlyOwnMarkup(out.html);
    });
});

describe('escaping', () => {
    const evilUrl = 'https://evil.example/"><script>alert(1)</script>';
    const t = transcript(
        [
            message({ sender: { name: XSS, role: 'visitor' }, text: XSS }),
            message({ sender: { name: `"onmouseover="x`, role: 'agent' }, text: '</p><script>alert(1)</script>', quotes: [{ author: XSS, text: XSS }] }),
            message({ text: '', files: [{ name: XSS, url: evilUrl }], images: [{ name: `x" onerror="alert(1)`, mimeType: 'image/png', url: evilUrl }] }),
        ],
        {
            language: `en" onload="alert(1)`,
            header: {
                siteName: XSS,
                title: XSS,
                visitorName: XSS,
                visitorEmail: `"><script>alert(1)</script>@x.com`,
                agentName: XSS,
                departmentName: XSS,
                startedAt: START,
                closedAt: START + 1000,
                closeComment: XSS,
                tags: [XSS, '<b>bold</b>'],
            },
        },
    );
    const { html, text } = renderEmail(t, translator);

    test('person-provided strings never become markup', () => {
        expectOnlyOwnMarkup(html);
        expect(html).not.toContain('<script');
        expect(html).not.toContain('<img src=x');
        expect(html).not.toContain('<b>');
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
        expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    });

    test('attribute values are escaped', () => {
        expect(html).toContain('lang="en&quot; onload=&quot;alert(1)"');
        expect(html).toContain('href="https://evil.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
        expect(html).toContain('alt="x&quot; onerror=&quot;alert(1)"');
    });

    test('the plain-text part keeps the text as typed', () => {
        expect(text).toContain(`${XSS}: ${XSS}`);
        expect(text).toContain(`Closing comment: ${XSS}`);
    });
});

describe('links', () => {
    const badUrls = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '/relative/file.pdf', 'https://ok.example/ with space'];

    test.each(badUrls)('%j is never linked nor used as an image source', (url) => {
        const { html, text } = renderEmail(
            transcript([message({ files: [{ name: 'report.pdf', url }], images: [{ name: 'photo.png', mimeType: 'image/png', url }] })]),
            translator,
        );
        expectOnlyOwnMarkup(html);
        expect(html).not.toContain('<a ');
        expect(html).not.toContain('<img');
        expect(html).not.toMatch(/javascript:|vbscript:|data:text/i);
        expect(html).toContain('Attachment: report.pdf');
        expect(html).toContain('Attachment: photo.png');
        expect(text).toContain('[Attachment: report.pdf]\n');
        expect(text).not.toMatch(/javascript:|vbscript:|data:text/i);
    });

    test('http(s) files are linked', () => {
        const { html, text } = renderEmail(transcript([message({ text: '', files: [{ name: 'report.pdf', url: 'https://files.example/report.pdf?a=1&b=2' }] })]), translator);
        expect(html).toContain('<a href="https://files.example/report.pdf?a=1&amp;b=2" style="color:#1d4ed8;">report.pdf</a>');
        expect(text).toContain('] Vera Visitor:\n[Attachment: report.pdf] https://files.example/report.pdf?a=1&b=2');
    });
});

describe('images', () => {
    test('bytes are inlined as a data: URI', () => {
        const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const { html } = renderEmail(transcript([message({ images: [{ name: 'pic <1>.png', mimeType: 'image/png', data: png, url: 'https://x.example/p.png' }] })]), translator);
        expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="pic &lt;1&gt;.png"');
    });

    test('without bytes the http(s) url is used', () => {
        const { html } = renderEmail(transcript([message({ images: [{ name: 'p.jpg', mimeType: 'image/jpeg', url: 'https://x.example/p.jpg' }] })]), translator);
        expect(html).toContain('<img src="https://x.example/p.jpg" alt="p.jpg"');
    });

    test('other types are not inlined', () => {
        const svg = new Uint8Array([0x3c, 0x73, 0x76, 0x67]);
        const { html } = renderEmail(transcript([message({ images: [{ name: 'x.svg', mimeType: 'image/svg+xml', data: svg }] })]), translator);
        expect(html).not.toContain('<img');
        expect(html).toContain('Attachment: x.svg');
    });
});

describe('messages', () => {
    test('line breaks are kept', () => {
        const { html, text } = renderEmail(transcript([message({ text: 'one\ntwo\r\nthree' })]), translator);
        expect(html).toContain('<p dir="auto" style="text-align:start;margin:2px 0 0;">one<br>two<br>three</p>');
        expect(text).toContain('[09:05] Vera Visitor: one\ntwo\nthree');
    });

    test('system messages are italic', () => {
        const { html, text } = renderEmail(transcript([message({ system: true, sender: { name: 'Alan Agent', role: 'agent' }, text: 'Chat transferred to Sales' })]), translator);
        expect(html).toContain('<em>Chat transferred to Sales</em>');
        expect(text).toContain('[09:05] *Chat transferred to Sales*');
    });

    test('quotes are indented', () => {
        const { html, text } = renderEmail(
            transcript([message({ sender: { name: 'Alan Agent', role: 'agent' }, text: 'Sure', quotes: [{ author: 'Vera Visitor', text: 'Can you help?\nPlease' }, { author: '', text: 'old' }] })]),
            translator,
        );
        expect(html).toMatch(/<blockquote[^>]*>.*Vera Visitor.*Can you help\?<br>Please.*<\/blockquote>/);
        expect(text).toContain('[09:05] Alan Agent:\n> Vera Visitor: Can you help?\n> Please\n> Quoted: old\nSure');
    });

    test('empty names get a localised stand-in', () => {
        const { text } = renderEmail(
            transcript([message({ sender: { name: '', role: 'visitor' } }), message({ sender: { name: '', role: 'agent' } })], { language: 'de' }),
            translator,
        );
        expect(text).toContain('[09:05] Besucher: Hello');
        expect(text).toContain('[09:05] Agent: Hello');
    });

    test('no messages', () => {
        const { html, text } = renderEmail(transcript([]), translator);
        expect(html).toContain('This conversation has no messages.');
        expect(text).toContain('This conversation has no messages.');
    });

    test('every message paragraph lets the client order mixed scripts', () => {
        const { html } = renderEmail(transcript([message({ text: 'שלום hello' }), message({ text: 'مرحبا' })]), translator);
        expect(html).toContain('<p dir="auto" style="text-align:start;margin:2px 0 0;">שלום hello</p>');
        expect(html).toContain('<p dir="auto" style="text-align:start;margin:2px 0 0;">مرحبا</p>');
    });
});

describe('day dividers', () => {
    // 23:50 and 00:10 in Berlin, but the same day (22:50 and 23:10) in UTC.
    const messages = [message({ at: Date.UTC(2026, 2, 1, 22, 50), text: 'before' }), message({ at: Date.UTC(2026, 2, 1, 23, 10), text: 'after' })];
    const count = (html: string) => (html.match(/role="separator"/g) || []).length;

    test('a new day in the transcript zone starts a divider', () => {
        const { html, text } = renderEmail(transcript(messages), translator);
        expect(count(html)).toBe(2);
        expect(html).toContain('Sunday, 1 March 2026');
        expect(html).toContain('Monday, 2 March 2026');
        expect(text).toMatch(/--- Sunday, 1 March 2026 ---\n\n\[23:50\] Vera Visitor: before\n\n--- Monday, 2 March 2026 ---\n\n\[00:10\] Vera Visitor: after/);
        expect(html.indexOf('Sunday')).toBeLessThan(html.indexOf('before'));
        expect(html.indexOf('before')).toBeLessThan(html.indexOf('Monday, 2 March'));
        expect(html.indexOf('Monday, 2 March')).toBeLessThan(html.indexOf('after'));
    });

    test('the same instants in UTC are one day', () => {
        const { html } = renderEmail(transcript(messages, { timeZone: 'UTC' }), translator);
        expect(count(html)).toBe(1);
        expect(html).toContain('Sunday, 1 March 2026');
    });

    test('an invalid time zone falls back to UTC', () => {
        const { html, text } = renderEmail(transcript(messages, { timeZone: 'Not/AZone' }), translator);
        expect(count(html)).toBe(1);
        expect(text).toContain('[22:50] Vera Visitor: before');
        expect(text).toContain('Times are shown in UTC.');
    });
});

test('right-to-left languages', () => {
    const { html, text } = renderEmail(transcript([message({ text: 'مرحبا Hello' })], { language: 'ar' }), translator);
    expect(html).toContain('<div dir="rtl" lang="ar"');
    expect(html).toContain('text-align:right');
    expect(html).toContain('الزائر');
    expect(renderEmail(transcript([message({ quotes: [{ author: 'A', text: 'q' }] })], { language: 'ar' }), translator).html).toContain('border-right:3px solid');
    expect(html).toContain('إليك نص محادثتك مع Acme Support.');
    expect(text).toContain('مرحبا Hello');
});

test('10,000 messages: all rendered, in order, quickly', () => {
    const messages: TranscriptMessage[] = [];
    for (let i = 0; i < 10000; i++) {
        messages.push(
            message({
                at: START + i * 30000, // spans several days
                sender: i % 2 ? { name: 'Alan Agent', role: 'agent' } : { name: 'Vera Visitor', role: 'visitor' },
                text: `msg-${String(i).padStart(5, '0')}-end`,
                system: i % 500 === 0,
            }),
        );
    }
    const started = Date.now();
    const { html, text } = renderEmail(transcript(messages), translator);
    const elapsed = Date.now() - started;

    for (const output of [html, text]) {
        const found = output.match(/msg-\d{5}-end/g) || [];
        expect(found.length).toBe(10000);
        expect(found[0]).toBe('msg-00000-end');
        expect(found[9999]).toBe('msg-09999-end');
        expect(found.every((marker, i) => marker === `msg-${String(i).padStart(5, '0')}-end`)).toBe(true);
    }
    expect((html.match(/role="separator"/g) || []).length).toBe(4);
    expect(elapsed).toBeLessThan(3000);
});

describe("Rocket.Chat's mailer replacement (lib/email/mailerSafe)", () => {
    const tricky = ['{"order": 4711}', 'Hello {Username}', '[Site_Name] and __Site_Name__', '$$5', '$&', "$'", '$`'];

    test('the HTML holds none of { } [ ] $ _ as such: the replacement finds nothing', () => {
        const { html } = renderEmail(transcript(tricky.map((text) => message({ text }))), translator);
        expect(html).not.toMatch(/[{}[\]$_]/);
        expect(html).toContain('&#123;&quot;order&quot;: 4711&#125;');
        expect(html).toContain('&#36;&#36;5');
    });

    test('a text part the replacement would change is left out (the workspace derives it from the HTML)', () => {
        for (const text of tricky.slice(0, 3)) {
            expect(renderEmail(transcript([message({ text })]), translator).text).toBe('');
        }
        for (const text of ['$$5 $& $\' $`', 'a {} b', '[12:00] [Site]', '{ }']) {
            expect(renderEmail(transcript([message({ text })]), translator).text).toContain(text);
        }
    });

    test('survivesMailer follows the mailer patterns', () => {
        expect(survivesMailer('{x}')).toBe(false);
        expect(survivesMailer('{ x y }')).toBe(false);
        expect(survivesMailer('[site_url]')).toBe(false);
        expect(survivesMailer('__SITE_URL_SLASH__')).toBe(false);
        expect(survivesMailer('{}')).toBe(true);
        expect(survivesMailer('{ }')).toBe(true);
        expect(survivesMailer('[Site]')).toBe(true);
        expect(shieldFromMailer('<b title="a_b">{$}</b>')).toBe('<b title="a&#95;b">&#123;&#36;&#125;</b>');
    });
});
