/** TanStack Query keys for the Backups page: defined once, never inlined. */
export const backupKeys = {
  /** The whole overview (runs, restores, schedule, archiver), polled as one: every write invalidates it. */
  overview: () => ['backups', 'overview'] as const,
};
