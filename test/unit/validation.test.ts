import { CLOSE_BY_USER, hasLoneSurrogate, isEmailAddress, isIdLike, MAX_ID_LENGTH, textProblem, TRANSCRIPT_REQUEST, validate } from '../../lib/rest/validation';

describe('validate', () => {
    test.each([
        [{ email: 'a@b.co', subject: 's' }, undefined],
        [{ subject: 's' }, "must have required property 'email'"],
        [{ email: ['a@b.co'], subject: 's' }, '/email must be string'],
        [{ email: { x: 1 }, subject: 's' }, '/email must be string'],
        [{ email: 'a@b.co', subject: 's', extra: 1 }, 'must NOT have additional properties'],
        [{ email: 'a@b.co', subject: 'a\nb' }, '/subject must not contain line breaks or control characters'],
        [{ email: 'a@b.co\r\nBcc: x@y.co', subject: 's' }, '/email must not contain line breaks or control characters'],
        [{ email: 'a@b.co', subject: '\ud800' }, '/subject must be valid Unicode'],
        [null, 'body must be object'],
        ['text', 'body must be object'],
    ])('%j -> %s', (body, expected) => {
        expect(validate(body, TRANSCRIPT_REQUEST)).toBe(expected);
    });

    test('nested objects and string arrays', () => {
        expect(validate({ rid: 'r', tags: ['a', 1] }, CLOSE_BY_USER)).toBe('/tags/1 must be string');
        expect(validate({ rid: 'r', transcriptEmail: {} }, CLOSE_BY_USER)).toBe("/transcriptEmail must have required property 'sendToVisitor'");
        expect(validate({ rid: 'r', transcriptEmail: { sendToVisitor: true, requestData: { email: 'x', subject: 's' } } }, CLOSE_BY_USER)).toBe(
            '/transcriptEmail/requestData/email must be a single valid email address',
        );
        expect(validate({ rid: 'r', forceClose: 'yes' }, CLOSE_BY_USER)).toBe('/forceClose must be boolean');
        expect(validate({}, CLOSE_BY_USER)).toBe("must have required property 'rid'");
    });

    test('a prototype-looking key is just an unknown property', () => {
        expect(validate(JSON.parse('{"email":"a@b.co","subject":"s","constructor":{}}'), TRANSCRIPT_REQUEST)).toBe('must NOT have additional properties');
    });
});

describe('email addresses', () => {
    test.each(['a@b.co', 'first.last+tag@sub.example.org'])('accepts %s', (value) => expect(isEmailAddress(value)).toBe(true));
    test.each(['', 'a', 'a@b', 'a@b.co, c@d.co', 'a@b.co c@d.co', '<a@b.co>', 'a@b.co\r\n', 'a@-b.co', `${'x'.repeat(250)}@b.co`])('refuses %j', (value) =>
        expect(isEmailAddress(value)).toBe(false),
    );
});

describe('text and header fields', () => {
    test.each(['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\t', '\r'].map((char) => [char.charCodeAt(0).toString(16).padStart(4, '0'), char]))('a subject with U+%s is refused', (_code, char) => {
        expect(validate({ email: 'a@b.co', subject: `Hello${char}World` }, TRANSCRIPT_REQUEST)).toMatch(/^\/subject must/);
    });

    test('free text keeps tabs and line breaks, refuses other controls and lone surrogates, in strings and string arrays', () => {
        expect(textProblem('Line one\r\n\tLine two 🎉 ٢')).toBeUndefined();
        expect(textProblem('bell \u0007')).toBe('must not contain control characters');
        expect(textProblem('next line \u0085')).toBe('must not contain control characters');
        expect(textProblem('x\udc00')).toBe('must be valid Unicode');
        expect(validate({ rid: 'r', comment: 'a\u0000b' }, CLOSE_BY_USER)).toBe('/comment must not contain control characters');
        expect(validate({ rid: 'r', tags: ['ok', 'x\ud800'] }, CLOSE_BY_USER)).toBe('/tags/1 must be valid Unicode');
        expect(validate({ rid: 'r', comment: 'two\nlines' }, CLOSE_BY_USER)).toBeUndefined();
    });

    test('ids', () => {
        expect(isIdLike('GENERAL')).toBe(true);
        expect(isIdLike('x'.repeat(MAX_ID_LENGTH + 1))).toBe(false);
        expect(isIdLike('')).toBe(false);
        expect(isIdLike(['a'])).toBe(false);
    });
});

test('lone surrogates', () => {
    expect(hasLoneSurrogate('ok 🎉')).toBe(false);
    expect(hasLoneSurrogate('\udc00x')).toBe(true);
    expect(hasLoneSurrogate('x\ud83d')).toBe(true);
});
