/** Where v6wizard keeps its backups on the router: one folder per apply. */
export const BACKUPS_ROOT = '/var/backups/v6wizard';

/**
 * A backup folder's name: the router's UTC time when it was made (backup.sh), then a random suffix,
 * e.g. 20261123-184500-abc123. The time first, so a plain sort is the router's order.
 */
export const BACKUP_NAME = '[0-9]{8}-[0-9]{6}-[a-z0-9]{1,12}';

/** A whole backup folder path, as the app and the CLI accept one from a person. */
export const BACKUP_DIR = new RegExp(`^${BACKUPS_ROOT}/${BACKUP_NAME}$`);
