import { IEmail } from 'apps-engine-server/definition/email';
import { EmailBridge } from 'apps-engine-server/server/bridges/EmailBridge';
import { Faults } from '../faults';
import { Workspace } from '../workspace';
import { toEml } from '../eml';
import { LocalMailer } from '../mailer';

/**
 * Writes each email to the outbox folder as a real .eml file, after what Rocket.Chat's Mailer.send
 * does to it (apps/meteor/app/apps/server/bridges/email.ts → apps/meteor/app/mailer/server/api.ts):
 * the workspace's header and footer, the template replacement (dev/mailer.ts).
 */
export class LocalEmailBridge extends EmailBridge {
    private readonly mailer: LocalMailer;

    constructor(private readonly ws: Workspace, private readonly faults: Faults) {
        super();
        this.mailer = new LocalMailer(ws);
    }

    protected async sendEmail(email: IEmail): Promise<void> {
        await this.faults.hit('email');
        const to = Array.isArray(email.to) ? email.to : [email.to];
        const from = email.from || String(this.ws.serverSetting('From_Email') || 'Rocket.Chat <no-reply@localhost>');
        const sent = { ...email, ...this.mailer.send(email), to, from };
        this.ws.saveEmail({ to, from, subject: sent.subject }, toEml(sent));
        this.faults.succeeded('email');
    }
}
