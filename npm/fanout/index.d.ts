/** Packages with a binary, keyed by `${process.platform}-${process.arch}`. */
export const PLATFORMS: Readonly<Record<string, string>>;
/** `${process.platform}-${process.arch}` of this machine. */
export function platformKey(): string;
/**
 * The absolute path of the fanout executable for this machine (FANOUT_BINARY
 * when set). Throws FanoutBinaryError, whose message is meant for the user,
 * when the platform has no binary or its package is not installed.
 */
export function binaryPath(): string;
export class FanoutBinaryError extends Error {}
