// The records one transcript request's delivery attempts write beside it: a claim per attempt
// (written only by that attempt), a receipt per step sent (written once), and for a room's archive
// PDF the agents' orders of a copy in their direct message (written once each, never changed, so an
// attempt's late write to the request cannot undo one). lib/delivery/claims.ts decides who may send.
import { Claim } from '../lib/delivery/claims';
import { Receipt } from '../lib/delivery/receipts';
import { Requester } from '../lib/delivery/requests';
import { misc, Records } from './store/records';

/** An agent ordered the archive PDF in their direct message. */
export interface DirectCopyOrder {
    requester: Requester;
    at: string;
}

const claimsOf = (key: string) => misc(`transcript-claims-${key}`);
const receiptsOf = (key: string) => misc(`transcript-receipts-${key}`);
const ordersOf = (key: string) => misc(`transcript-dm-orders-${key}`);
const claimKeys = (key: string, claimId: string) => [claimsOf(key), misc(`transcript-claim-${claimId}`)];

export class AttemptRecords {
    constructor(private readonly records: Records, private readonly key: string) {}

    public async claims(): Promise<Claim[]> {
        return (await this.records.read([claimsOf(this.key)])) as Claim[];
    }

    public async receipts(): Promise<Receipt[]> {
        return (await this.records.read([receiptsOf(this.key)])) as Receipt[];
    }

    /** Writes this attempt's own claim (never another's). */
    public async putClaim(claim: Claim): Promise<void> {
        await this.records.put(claim, claimKeys(this.key, claim.id));
    }

    public async removeClaim(claimId: string): Promise<void> {
        await this.records.remove(claimKeys(this.key, claimId));
    }

    public async addReceipt(receipt: Receipt): Promise<void> {
        await this.records.create(receipt, [receiptsOf(this.key), misc(`transcript-receipt-${receipt.step}`)]);
    }

    /** The orders of a direct-message copy, first one first: the first decides who receives it. */
    public async directCopyOrders(): Promise<DirectCopyOrder[]> {
        const orders = (await this.records.read([ordersOf(this.key)])) as DirectCopyOrder[];
        return orders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    }

    public async addDirectCopyOrder(order: DirectCopyOrder): Promise<void> {
        await this.records.create(order, [ordersOf(this.key), misc(`transcript-dm-order-${order.requester._id}`)]);
    }

    /** Everything written for this request: once it is past retention. */
    public async removeAll(): Promise<void> {
        await this.records.remove([claimsOf(this.key)]);
        await this.records.remove([receiptsOf(this.key)]);
        await this.records.remove([ordersOf(this.key)]);
    }
}
