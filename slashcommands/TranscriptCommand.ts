// /transcript: agents order, inspect and cancel transcripts from the room.
import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { translator } from '../services/i18n';

export class TranscriptCommand implements ISlashCommand {
    public command = 'transcript';
    public i18nParamsExample = 'transcript_command_params';
    public i18nDescription = 'transcript_command_description';
    public providesPreview = false;

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, _http: IHttp, _persis: IPersistence): Promise<void> {
        const user = context.getSender();
        const i18n = translator();
        const language = i18n.resolveLanguage(user.settings?.preferences?.language);
        const appUser = await read.getUserReader().getAppUser();
        const message = modify
            .getCreator()
            .startMessage()
            .setRoom(context.getRoom())
            .setText(i18n.t(language, 'transcript_command_usage'));
        if (appUser) {
            message.setSender(appUser);
        }
        await modify.getNotifier().notifyUser(user, message.getMessage());
    }
}
