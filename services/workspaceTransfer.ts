// Forwarding a livechat room through the workspace, answered with Rocket.Chat's own reason.
// Its Livechat.transfer (apps/meteor/app/livechat/server/lib/Helper.ts) throws `error-user-is-offline`
// for an agent who is not online and available, `error-invalid-inquiry` for a room without its
// inquiry, `error-no-agents-online-in-department` for a department with nobody available. An app
// cannot see an agent's omnichannel availability, and Apps-Engine 1.46.0 loses a bridge's reason:
// what the app can see is checked first.
import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ILivechatTransferData, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

export const TRANSFER_REFUSALS = ['error-user-is-offline', 'error-invalid-inquiry', 'error-no-agents-online-in-department', 'error-invalid-department'] as const;

/** Why the workspace will refuse the transfer, as far as the app can tell beforehand. */
export async function foreseenTransferRefusal(read: IRead, targetAgent?: IUser, targetDepartmentId?: string): Promise<string | undefined> {
    if (targetAgent && (!targetAgent.isEnabled || targetAgent.status === 'offline')) {
        return 'error-user-is-offline';
    }
    if (!targetAgent && targetDepartmentId && !(await read.getLivechatReader().isOnlineAsync(targetDepartmentId))) {
        return 'error-no-agents-online-in-department';
    }
    return undefined;
}

/** Transfers; answers undefined when done, else Rocket.Chat's reason (`fallback` when it gave none). */
export async function transferThroughWorkspace(read: IRead, modify: IModify, visitor: IVisitor, transfer: ILivechatTransferData, fallback: string): Promise<string | undefined> {
    const foreseen = await foreseenTransferRefusal(read, transfer.targetAgent, transfer.targetDepartment);
    if (foreseen) {
        return foreseen;
    }
    try {
        return (await modify.getUpdater().getLivechatUpdater().transferVisitor(visitor, transfer)) ? undefined : fallback;
    } catch (error) {
        const text = (error as Error)?.message || String(error);
        return TRANSFER_REFUSALS.find((code) => text.includes(code)) || fallback;
    }
}
