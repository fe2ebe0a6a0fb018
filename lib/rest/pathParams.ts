// Endpoints with a room id in their path. They are registered with Express's `*` where Rocket.Chat's
// own endpoints have `:rid`: engines before 1.60 send the call to the app as `api:<path>:<method>`
// and split it on every `:`, so a `:rid` endpoint never reaches the app there. Rocket.Chat's app
// router (Express 4, `router.all('/' + path)`) matches `*` to the same URLs and passes what it
// matched, URL-decoded, as params[0].

/** `livechat/transcript/<rid>`: GET, POST, DELETE. */
export const EMAIL_TRANSCRIPT_PATH = 'livechat/transcript/*';
/** `omnichannel/<rid>/request-transcript`: POST. */
export const PDF_TRANSCRIPT_PATH = 'omnichannel/*/request-transcript';

/**
 * The room id of a path above, or '' (no room has it) when the matched part is not one path
 * segment. `*` also takes a trailing slash, which `:rid` leaves out.
 */
export function roomIdParam(params: { [key: string]: string } | undefined): string {
    const matched = params?.[0] ?? params?.rid;
    const rid = typeof matched === 'string' ? matched.replace(/\/$/, '') : '';
    return rid.includes('/') ? '' : rid;
}
