import { canAccessLivechatRoom } from '../../lib/access';
import { RateLimiter } from '../../lib/rest/rateLimit';
import { parseRoleList } from '../../lib/settings';
import { parseSurvey } from '../../lib/survey';
import { resolveTimeZone, zoneForUtcOffset } from '../../lib/timeZone';
import { pdfFileName } from '../../lib/transcript/fileName';
import { messagesPerPdf, partFileName, partWindow, conversationPart } from '../../lib/transcript/parts';

test('room access: the serving agent and supervisors', () => {
    expect(canAccessLivechatRoom({ id: 'a', roles: ['livechat-agent'] }, { servedById: 'a' })).toBe(true);
    expect(canAccessLivechatRoom({ id: 'b', roles: ['livechat-agent'] }, { servedById: 'a' })).toBe(false);
    for (const role of ['admin', 'livechat-manager', 'livechat-monitor']) {
        expect(canAccessLivechatRoom({ id: 'm', roles: [role] }, { servedById: 'a' })).toBe(true);
    }
});

test('role lists', () => {
    expect(parseRoleList(' admin,livechat-manager , ,')).toEqual(['admin', 'livechat-manager']);
});

describe('survey', () => {
    test('accepts Rocket.Chat names and ratings', () => {
        expect(parseSurvey([{ name: 'satisfaction', value: '5' }, { name: 'agentResposiveness', value: '1' }, { name: 'additionalFeedback', value: 'great' }])).toEqual({
            satisfaction: '5',
            agentResposiveness: '1',
            additionalFeedback: 'great',
        });
    });
    test.each([
        [[]],
        [[{ name: 'satisfaction', value: '6' }]],
        [[{ name: 'satisfaction', value: 5 }]],
        [[{ name: 'mood', value: '5' }]],
        [[{ name: 'additionalFeedback', value: 'x'.repeat(1001) }]],
        [[{ name: 'additionalFeedback', value: 'lone \ud800 surrogate' }]],
        [[{ name: 'additionalFeedback', value: 'escape \u001b[31m' }]],
        [[{ name: 'satisfaction', value: '5' }, { name: 'satisfaction', value: '4' }]],
        [[{ name: 'satisfaction', value: '5', extra: 1 }]],
        [Array.from({ length: 10000 }, () => ({ name: 'satisfaction', value: '5' }))],
        ['nope'],
        [[null]],
    ])('refuses %j', (data) => expect(parseSurvey(data)).toBeUndefined());
});

test('rate limiter counts per key and per window', () => {
    const limiter = new RateLimiter(1000);
    expect(limiter.allow(['token:a', 'room:1'], 2, 0)).toBe(true);
    expect(limiter.allow(['token:a', 'room:1'], 2, 10)).toBe(true);
    expect(limiter.allow(['token:b', 'room:1'], 2, 20)).toBe(false);
    expect(limiter.allow(['token:b', 'room:2'], 2, 30)).toBe(true);
    expect(limiter.allow(['token:a', 'room:1'], 2, 1500)).toBe(true);
    expect(limiter.allow(['x'], 0, 0)).toBe(true);
});

test('rate limiter keeps a bounded table: expired windows go first, then the oldest', () => {
    const limiter = new RateLimiter(1000, 3);
    limiter.allow(['a'], 1, 0);
    limiter.allow(['b'], 1, 600);
    limiter.allow(['c'], 1, 700);
    limiter.allow(['d'], 1, 1100); // a expired: it goes
    expect(limiter.size).toBe(3);
    expect(limiter.allow(['b'], 1, 1200)).toBe(false); // b still counted
    limiter.allow(['e'], 1, 1300); // nothing expired: the oldest (b) goes
    expect(limiter.size).toBe(3);
    expect(limiter.allow(['b'], 1, 1400)).toBe(true);
    expect(limiter.allow(['x'.repeat(1_000_000)], 5, 1500)).toBe(true);
    expect(limiter.size).toBe(3);
});

describe('time zones', () => {
    test('setting values', () => {
        expect(resolveTimeZone('server', { serverZone: 'Europe/Berlin' })).toBe('Europe/Berlin');
        expect(resolveTimeZone('requester', { serverZone: 'UTC', requesterUtcOffset: 2 })).toBe('Etc/GMT-2');
        expect(resolveTimeZone('requester', { serverZone: 'UTC', requesterUtcOffset: 5.5 })).toBe('UTC');
        expect(resolveTimeZone('visitor', { serverZone: 'UTC', visitorZone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
        expect(resolveTimeZone('America/Sao_Paulo', { serverZone: 'UTC' })).toBe('America/Sao_Paulo');
        expect(resolveTimeZone('Not/AZone', { serverZone: 'Bad/Zone' })).toBe('UTC');
    });
    test('Etc zones count the other way', () => {
        expect(zoneForUtcOffset(-3)).toBe('Etc/GMT+3');
        expect(zoneForUtcOffset(0)).toBe('UTC');
    });
});

test('PDF file names are safe', () => {
    const at = Date.parse('2026-03-01T23:30:00Z');
    expect(pdfFileName('Acme Support', at, 'Vera Visitor', 'UTC')).toBe('Transcript_Acme_Support_2026-03-01_Vera_Visitor.pdf');
    expect(pdfFileName('Acme', at, 'Vera', 'Asia/Tokyo')).toBe('Transcript_Acme_2026-03-02_Vera.pdf');
    expect(pdfFileName('../../etc', at, 'a/b\\c:d\n', 'UTC')).toBe('Transcript_etc_2026-03-01_a_b_c_d.pdf');
    expect(pdfFileName('', at, '', 'UTC')).toBe('Transcript_Rocket.Chat_2026-03-01_visitor.pdf');
});

describe('long conversations go out as several PDFs', () => {
    const messages = Array.from({ length: 25 }, (_, i) => i);

    test('one PDF when the conversation fits', () => {
        expect(conversationPart(messages, 0, 25, false)).toEqual({ messages });
        expect(partFileName('Transcript_A_2026-03-01_V.pdf', undefined)).toBe('Transcript_A_2026-03-01_V.pdf');
    });

    test('even parts that together hold every message once, in order', () => {
        const parts = [0, 1, 2].map((i) => conversationPart(messages, i, 10, false));
        expect(parts.map((p) => p.part)).toEqual([0, 1, 2].map((index) => ({ index, count: 3, messages: 25, systemMessages: false })));
        expect(parts.map((p) => p.messages.length)).toEqual([9, 9, 7]);
        expect(parts.flatMap((p) => p.messages)).toEqual(messages);
        expect([0, 1, 2].map((i) => partWindow(25, i, 10, false)).map(({ start, end }) => [start, end])).toEqual([
            [0, 9],
            [9, 18],
            [18, 25],
        ]);
        expect(partFileName('Transcript_A_2026-03-01_V.pdf', { index: 1, count: 3, messages: 25, systemMessages: false })).toBe('Transcript_A_2026-03-01_V_part-2-of-3.pdf');
    });

    test('later parts cut from the conversation as the first part saw it', () => {
        const grown = [...messages, 25, 26];
        expect(conversationPart(grown, 2, 10, true, 25)).toEqual({ messages: [18, 19, 20, 21, 22, 23, 24], part: { index: 2, count: 3, messages: 25, systemMessages: true } });
    });

    test('the setting is bounded', () => {
        expect(messagesPerPdf(500)).toBe(500);
        expect(messagesPerPdf(10 ** 9)).toBe(20000);
        expect(messagesPerPdf('x')).toBe(12000);
        expect(messagesPerPdf(0)).toBe(12000);
        expect(messagesPerPdf(-3)).toBe(12000);
    });
});

describe('failureReason', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { failureReason } = require('../../lib/rest/errors');
    test('the message of an error, or a sentence for the reason Apps-Engine 1.46.0 loses', () => {
        expect(failureReason(new Error('SMTP refused'))).toBe('SMTP refused');
        expect(failureReason(new Error(String({ message: 'x' })))).toBe('the workspace refused the call without a reason (Apps-Engine 1.46.0)');
        expect(failureReason('plain')).toBe('plain');
    });
});
