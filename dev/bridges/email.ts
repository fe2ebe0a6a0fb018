import { IEmail } from 'apps-engine-server/definition/email';
import { EmailBridge } from 'apps-engine-server/server/bridges/EmailBridge';
import { Faults } from '../faults';
import { Workspace } from '../workspace';
import { toEml } from '../eml';

/** Writes each email to the outbox folder as a real .eml file. */
export class LocalEmailBridge extends EmailBridge {
    constructor(private readonly ws: Workspace, private readonly faults: Faults) {
        super();
    }

    protected async sendEmail(email: IEmail): Promise<void> {
        await this.faults.hit('email');
        const to = Array.isArray(email.to) ? email.to : [email.to];
        const from = email.from || String(this.ws.serverSetting('From_Email') || 'Rocket.Chat <no-reply@localhost>');
        this.ws.saveEmail({ to, from, subject: email.subject }, toEml({ ...email, to, from }));
        this.faults.succeeded('email');
    }
}
