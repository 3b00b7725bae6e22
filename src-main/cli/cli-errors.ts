import { isStationError, toErrorShape } from '../core/errors';

/**
 * Prints an error the way an operator reads it (or as one JSON object with --json) and sets the exit
 * status. Only the error's code, message and hint are printed: never a stack with arguments in it.
 */
export function reportCliError(error: unknown, json: boolean): void {
  const shape = toErrorShape(error);
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: shape })}\n`);
  } else {
    process.stderr.write(`error [${shape.code}]: ${shape.message}\n`);
    if (shape.hint) process.stderr.write(`  what to do: ${shape.hint}\n`);
    if (!isStationError(error) && error instanceof Error && process.env.STATION_DEBUG) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
  }
  process.exitCode = isStationError(error) && error.code === 'usage' ? 2 : 1;
}
