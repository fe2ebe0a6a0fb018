// The local workspace's mailer does to an email what Rocket.Chat's Mailer.send does (dev/mailer.ts).
import { LocalMailer, stripHtml } from '../../dev/mailer';
import { SERVER_SETTING_DEFAULTS, Workspace } from '../../dev/workspace';

const settings: Record<string, unknown> = { ...SERVER_SETTING_DEFAULTS, Site_Name: 'Acme & Co', Site_Url: 'http://chat.acme.test' };
const mailer = new LocalMailer({ serverSetting: (id: string) => settings[id] } as unknown as Workspace);

test('subject and text: {word} translated, [Site_Name], __Site_Name__ and [Site_URL] filled in, any case', () => {
    const sent = mailer.send({ subject: 'Re: {"order": 4711} [site_name]', text: 'Hello {Username}, [Site_Name] and __Site_Name__ at [Site_URL]' });
    expect(sent.subject).toBe('Re: "order": [site_name]'.replace('[site_name]', 'Acme & Co'));
    expect(sent.text).toBe('Hello Username, Acme & Co and Acme & Co at http://chat.acme.test');
});

test('HTML: inside the header and footer; String.replace patterns in the body are live; site name escaped', () => {
    const sent = mailer.send({ subject: 's', html: '<p>$$5 $& [Site_Name]</p>' });
    expect(sent.html!.startsWith('<!DOCTYPE html PUBLIC')).toBe(true);
    expect(sent.html).toContain('http://chat.acme.test/assets/logo.png');
    // `$$` → `$`, `$&` → the matched `{{body}}`, whose inner `{body}` the translation then turns into `body`.
    expect(sent.html).toContain('<p>$5 {body} Acme &amp; Co</p>');
    expect(sent.html!.trim().endsWith('</html>')).toBe(true);
});

test('no text: derived from the HTML after the replacement, entities decoded', () => {
    const sent = mailer.send({ subject: 's', html: '<div><p>a &#123;b&#125; &amp; &lt;c&gt;</p><p>{Hi}</p></div>' });
    expect(sent.text).toBe('a {b} & <c>\nHi');
});

test('stripHtml drops head and style contents and keeps lines', () => {
    expect(stripHtml('<html><head><title>x</title><style>p{}</style></head><body><p>one</p><p>two  three</p></body></html>')).toBe('one\ntwo three');
});
