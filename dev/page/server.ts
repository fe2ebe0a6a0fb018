// The local workspace's page (GET /): its shell, its script and style bundle (built by build/page.ts
// into .build/page/), and the few reads the page needs that the /dev/ routes do not give: the app's
// setting definitions and the parts of an outbox email. Everything the page does goes through the
// /dev/ routes, as a Rocket.Chat client would through Rocket.Chat's.
import * as fs from 'fs';
import * as path from 'path';
import { URL } from 'url';
import PostalMime from 'postal-mime';
import { LocalEngine } from '../engine';
import { PAGE_BUNDLE_DIR } from './paths';

const APP_ICON = path.join(__dirname, '..', '..', 'icon.png');

export interface PageResponse {
    status: number;
    body: string | Buffer | object;
    headers: Record<string, string>;
}

/** The page runs only its own bundle; fuselage's CSS-in-JS adds <style> elements, hence inline styles. */
const PAGE_POLICY = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
].join('; ');

/**
 * An email's HTML is a visitor's words: it is served in a sandbox (no scripts, an opaque origin,
 * nothing loaded but images of the workspace itself: the logo in Rocket.Chat's email header), even
 * when opened outside the page's sandboxed iframe.
 */
const emailPolicy = (siteOrigin: string) => `sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: ${siteOrigin}; font-src data:; frame-ancestors 'self'`;

const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

const BUNDLE_FILES: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.ttf': 'font/ttf',
    '.eot': 'application/vnd.ms-fontobject',
    '.svg': 'image/svg+xml',
};

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Livechat Transcripts: local workspace</title>
<link rel="icon" href="/page/icon.png">
<link rel="stylesheet" href="/page/main.css">
</head>
<body>
<div id="root"></div>
<div id="modal-root"></div>
<script src="/page/main.js"></script>
</body>
</html>
`;

const MISSING_BUNDLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Livechat Transcripts: local workspace</title></head>
<body><p>The page is not built: run <code>npm run page</code> (npm start and npm test build it), then reload.</p></body></html>
`;

function answer(status: number, body: PageResponse['body'], headers: Record<string, string>): PageResponse {
    return { status, body, headers: { ...COMMON_HEADERS, ...headers } };
}

const notFound = (what: string) => answer(404, { success: false, error: `${what} not found` }, {});

export class WorkspacePage {
    constructor(private readonly engine: LocalEngine, private readonly bundleDir = PAGE_BUNDLE_DIR) {}

    /** Whether a path is the page's: `/` and `/page/…`. */
    public static owns(pathname: string): boolean {
        return pathname === '/' || pathname.startsWith('/page/');
    }

    public async handle(method: string, url: URL): Promise<PageResponse> {
        if (method !== 'GET') {
            return answer(405, { success: false, error: 'Method not allowed' }, { Allow: 'GET' });
        }
        const pathname = url.pathname;
        if (pathname === '/') {
            const built = fs.existsSync(path.join(this.bundleDir, 'main.js'));
            return answer(built ? 200 : 503, built ? SHELL : MISSING_BUNDLE, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_POLICY });
        }
        if (pathname === '/page/icon.png') {
            return answer(200, fs.readFileSync(APP_ICON), { 'Content-Type': 'image/png' });
        }
        if (pathname === '/page/settings') {
            return answer(200, { settings: this.settings() }, {});
        }
        const email = /^\/page\/outbox\/([\w-]+)(\/html)?$/.exec(pathname);
        if (email) {
            return this.email(email[1], !!email[2]);
        }
        return this.bundleFile(pathname.slice('/page/'.length));
    }

    /** The app's settings with their definitions (type, choices, label key), in the app's order. */
    private settings(): object[] {
        const app = this.engine.manager.getOneById(this.engine.appId);
        const stored = app?.getStorageItem()?.settings || {};
        return Object.values(stored).map(({ id, type, value, packageValue, values, i18nLabel, i18nDescription, required }) => ({
            id,
            type,
            value: value ?? packageValue,
            packageValue,
            values,
            i18nLabel,
            i18nDescription,
            required,
        }));
    }

    /** An outbox email: its headers and text part as JSON, or its HTML part in a sandbox. */
    private async email(id: string, html: boolean): Promise<PageResponse> {
        const email = this.engine.ws.emails().find((e) => e.id === id);
        if (!email) {
            return notFound('email');
        }
        const parsed = await PostalMime.parse(fs.readFileSync(email.file));
        if (html) {
            const siteOrigin = new URL(String(this.engine.ws.serverSetting('Site_Url') || 'http://127.0.0.1')).origin;
            return answer(200, parsed.html || '', { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': emailPolicy(siteOrigin) });
        }
        return answer(200, { id, to: email.to, from: parsed.from?.address, subject: parsed.subject || '', sentAt: email.sentAt, text: parsed.text || '', hasHtml: !!parsed.html }, {});
    }

    private bundleFile(name: string): PageResponse {
        const type = BUNDLE_FILES[path.extname(name)];
        // Bundle files are flat: a name with a path in it is not one of them.
        if (!type || !/^[\w.-]+$/.test(name)) {
            return notFound('file');
        }
        const file = path.join(this.bundleDir, name);
        return fs.existsSync(file) ? answer(200, fs.readFileSync(file), { 'Content-Type': type }) : notFound('file');
    }
}
