// The records one transcript request's delivery attempts write beside it: a claim per attempt
// (written only by that attempt) and a receipt per step sent (written once). lib/delivery/claims.ts
// decides from them who may send.
import { Claim } from '../lib/delivery/claims';
import { Receipt } from '../lib/delivery/receipts';
import { misc, Records } from './store/records';

const claimsOf = (key: string) => misc(`transcript-claims-${key}`);
const receiptsOf = (key: string) => misc(`transcript-receipts-${key}`);
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

    /** Everything written for this request: once it is past retention. */
    public async removeAll(): Promise<void> {
        await this.records.remove([claimsOf(this.key)]);
        await this.records.remove([receiptsOf(this.key)]);
    }
}
