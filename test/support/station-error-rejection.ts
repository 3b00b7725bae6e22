import { StationError } from '../../src-main/core/errors';

/** Awaits `promise`, which must reject with a StationError, and returns that error for assertions. */
export async function stationErrorOf(promise: Promise<unknown>): Promise<StationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StationError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}
