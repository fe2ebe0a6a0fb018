// The kind of a visitor's own copy, kept apart from lib/delivery/requests.ts, which the workspace
// page's browser bundle also uses: a digest needs Node's crypto.
import { createHash } from 'crypto';
import { VISITOR_COPY_PREFIX, VisitorCopyKind } from './requests';

/** The kind of the visitor's copy to `address`: the same for the same address, whatever its case. */
export function visitorCopyKind(address: string): VisitorCopyKind {
    return (VISITOR_COPY_PREFIX + createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 24)) as VisitorCopyKind;
}
