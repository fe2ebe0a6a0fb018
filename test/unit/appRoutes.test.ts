// App endpoint paths, matched as Rocket.Chat's app router (Express 4) matches them.
import { matchAppRoute } from '../../dev/http';
import { EMAIL_TRANSCRIPT_PATH, PDF_TRANSCRIPT_PATH, roomIdParam } from '../../lib/rest/pathParams';

describe('paths registered without ":" reach the same URLs as Rocket.Chat\'s :rid paths', () => {
    test.each([
        ['/livechat/transcript/abc', 'abc'],
        ['/livechat/transcript/abc/', 'abc'],
        ['/LiveChat/Transcript/abc', 'abc'],
        ['/livechat/transcript/a%20b', 'a b'],
    ])('email: %s -> %s', (url, rid) => {
        expect(roomIdParam(matchAppRoute(EMAIL_TRANSCRIPT_PATH, url))).toBe(rid);
        expect(roomIdParam(matchAppRoute('livechat/transcript/:rid', url))).toBe(rid);
    });

    test.each([
        ['/omnichannel/abc/request-transcript', 'abc'],
        ['/omnichannel/abc/request-transcript/', 'abc'],
        ['/omnichannel/a%2Fb/request-transcript', ''],
    ])('pdf: %s -> %s', (url, rid) => {
        expect(roomIdParam(matchAppRoute(PDF_TRANSCRIPT_PATH, url))).toBe(rid);
    });

    test('more than one segment is no room id', () => {
        expect(roomIdParam(matchAppRoute(EMAIL_TRANSCRIPT_PATH, '/livechat/transcript/a/b'))).toBe('');
        expect(roomIdParam(matchAppRoute(PDF_TRANSCRIPT_PATH, '/omnichannel/a/b/request-transcript'))).toBe('');
    });

    test('other paths do not match', () => {
        expect(matchAppRoute(EMAIL_TRANSCRIPT_PATH, '/livechat/transcript')).toBeUndefined();
        expect(matchAppRoute(PDF_TRANSCRIPT_PATH, '/omnichannel/abc/request')).toBeUndefined();
        expect(matchAppRoute('livechat/room.close', '/livechat/roomXclose')).toBeUndefined();
    });

    test('neither path contains ":" (engines before 1.60 split the call on it)', () => {
        expect(EMAIL_TRANSCRIPT_PATH).not.toContain(':');
        expect(PDF_TRANSCRIPT_PATH).not.toContain(':');
    });
});
