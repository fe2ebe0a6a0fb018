import { CLOSE_BY_USER, hasLoneSurrogate, isEmailAddress, TRANSCRIPT_REQUEST, validate } from '../../lib/validation';

describe('validate', () => {
    test.each([
        [{ email: 'a@b.co', subject: 's' }, undefined],
        [{ subject: 's' }, "must have required property 'email'"],
        [{ email: ['a@b.co'], subject: 's' }, '/email must be string'],
        [{ email: { x: 1 }, subject: 's' }, '/email must be string'],
        [{ email: 'a@b.co', subject: 's', extra: 1 }, 'must NOT have additional properties'],
        [{ email: 'a@b.co', subject: 'a\nb' }, '/subject must not contain line breaks'],
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

test('lone surrogates', () => {
    expect(hasLoneSurrogate('ok 🎉')).toBe(false);
    expect(hasLoneSurrogate('\udc00x')).toBe(true);
    expect(hasLoneSurrogate('x\ud83d')).toBe(true);
});
