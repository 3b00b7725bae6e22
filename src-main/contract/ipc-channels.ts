/** IPC channel names shared by the main process and the preload. */
export const IPC_INVOKE_CHANNEL = 'station:invoke';
export const IPC_EVENT_CHANNEL = 'station:event';
