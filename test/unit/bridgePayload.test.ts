// Large payloads handed to the engine describe themselves to JSON.stringify; their content is unchanged.
import { describedForJson, engineBuffer } from '../../services/bridgePayload';

describe('describedForJson', () => {
    test('a PDF handed to the engine stays the same bytes, without a copy; JSON.stringify sees only its length', () => {
        const rendered = new Uint8Array(Buffer.from('%PDF-1.7 …'));
        const bytes = engineBuffer(rendered);
        expect(Buffer.isBuffer(bytes)).toBe(true);
        expect(bytes.toString()).toBe('%PDF-1.7 …');
        expect(bytes.buffer).toBe(rendered.buffer);
        expect(JSON.stringify([bytes, { filename: 'a.pdf' }])).toBe('[{"type":"Buffer","length":12},{"filename":"a.pdf"}]');
    });

    test('an object keeps its own fields (what msgpack sends), and toJSON is not one of them', () => {
        const email = describedForJson({ to: 'a@b.co', subject: 'Hi', html: '<p>long</p>', text: 'long' }, { to: 'a@b.co' });
        expect(Object.keys(email)).toEqual(['to', 'subject', 'html', 'text']);
        expect(JSON.stringify(email)).toBe('{"to":"a@b.co"}');
    });
});
