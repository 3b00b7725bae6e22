import type { StationCoreApi } from '../../../src-main/core/station/station-core-api';

/**
 * A StationCoreApi whose methods are the given overrides; any other method rejects, so a test notices
 * when the binder calls something it should not.
 */
export function stubStationCore(overrides: Partial<StationCoreApi>): StationCoreApi {
  const target: Partial<StationCoreApi> = { ...overrides };
  // NOTE: a Proxy cannot be typed without an assertion; every property it serves is a function.
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && property in object) return object[property as keyof StationCoreApi];
      return () => Promise.reject(new Error(`stub core: ${String(property)} was not expected`));
    },
  }) as StationCoreApi;
}
