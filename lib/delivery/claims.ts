// Who may work on a transcript request, decided from what every instance of the app wrote.
//
// App persistence has no compare-and-set, so an attempt writes a claim record of its own (never
// another's), then reads every claim of the request. Before each send it marks its claim with the
// step it is about to send and reads them all again: of two attempts that both marked, at least
// one reads the other's mark and does not send, whatever the timing. A step done is recorded in a
// receipt (written once, never overwritten), checked after that read. Time only decides when an
// attempt looks dead: a claim that is stale no longer holds others back, and a stale mark without
// a receipt may have sent, so it ends the request as "outcome unknown" instead of sending again.

/** A claim untouched this long belongs to an attempt that died (app calls time out after 30 s). */
export const CLAIM_STALE_MS = 2 * 60_000;

export interface Claim {
    id: string;
    since: string;
    /** Set right before a send: which step, since when. */
    sending?: { step: string; since: string };
}

export type ClaimDecision = 'proceed' | 'busy' | 'outcome-unknown';

const ageOf = (claim: Claim, now: Date): number => now.getTime() - Date.parse(claim.sending?.since || claim.since);

export const isStale = (claim: Claim, now: Date): boolean => ageOf(claim, now) > CLAIM_STALE_MS;

/** Older claims go first; two of the same age by id. */
const precedes = (a: Claim, b: Claim): boolean => a.since < b.since || (a.since === b.since && a.id < b.id);

/** Other attempts' marks for steps that have no receipt: a send that may be under way, or may have happened. */
function openMarks(mine: Claim, claims: Claim[], done: Set<string>): Claim[] {
    return claims.filter((c) => c.id !== mine.id && c.sending && !done.has(c.sending.step));
}

/**
 * After writing `mine` and reading every claim: proceed, leave the request to a live attempt that
 * came first, or settle it as "outcome unknown" when a dead attempt was sending.
 */
export function decideOnClaim(mine: Claim, claims: Claim[], done: Set<string>, now: Date): ClaimDecision {
    const marks = openMarks(mine, claims, done);
    if (marks.some((c) => isStale(c, now))) {
        return 'outcome-unknown';
    }
    if (marks.length > 0) {
        return 'busy';
    }
    const others = claims.filter((c) => c.id !== mine.id && !isStale(c, now));
    return others.some((c) => precedes(c, mine)) ? 'busy' : 'proceed';
}

/** After marking `mine` as sending and reading every claim: send only when no other attempt has an open mark. */
export function decideOnSend(mine: Claim, claims: Claim[], done: Set<string>, now: Date): ClaimDecision {
    const marks = openMarks(mine, claims, done);
    if (marks.some((c) => isStale(c, now))) {
        return 'outcome-unknown';
    }
    return marks.length > 0 ? 'busy' : 'proceed';
}
