/**
 * Why a backup or a restore was refused (issue #16, decisions U52–U56). Each refusal has a stable code (scripts and
 * tests match on it), the option it concerns and a message the CLI prints as is.
 */
export const BACKUP_ERROR_CODES = [
  /** --data is not an initialised data directory. */
  'not_initialised',
  /** No passphrase (neither --passphrase nor ASSURANCE_BACKUP_PASSPHRASE), or a too short one. */
  'passphrase_missing',
  'passphrase_too_short',
  /** --to names a file that exists already (a backup never overwrites one). */
  'target_exists',
  /** --to names a file in a directory that does not exist. */
  'target_dir_missing',
  /** A release of the store snapshot points at an artifact that is not on disk, or not the bytes it names. */
  'artifact_missing',
  'artifact_corrupt',
  /** The signing key and certificate on disk do not belong together (a rotation kept changing them). */
  'keys_inconsistent',
  /** The archive file is missing, is not a tar archive or ends early. */
  'archive_unreadable',
  /** The archive is a tar but not a backup of this format, or lacks a file its manifest lists. */
  'archive_corrupt',
  /** A file of the archive does not match its checksum in the (authentic) manifest. */
  'checksum_mismatch',
  /** The manifest's MAC does not verify: the manifest was rewritten. */
  'manifest_tampered',
  'wrong_passphrase',
  'unsupported_format',
  /** The archive holds a store of a newer schema than this server knows. */
  'newer_schema',
  /** restore --data names a directory that holds files. */
  'target_not_empty',
  /** Decision U70: a PostgreSQL data directory or archive without --database, or a SQLite archive with one. */
  'database_required',
  'database_not_wanted',
  /** restore --database names a database that has tables in its public schema. */
  'database_not_empty',
  /** pg_dump or pg_restore failed (its message follows). */
  'database_tool_failed',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    /** The option or argument at fault: `data`, `to`, `passphrase`, `file`, `database`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
