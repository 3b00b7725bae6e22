import type { z } from 'zod';
import type { StationCoreApi } from '../core/station/station-core-api';

/**
 * One entry of the contract: the zod schema its input must pass and the call it makes on the core.
 * The output type is whatever `run` resolves to; it must be plain data (structured-clone and JSON safe).
 */
export interface ContractHandler<Schema extends z.ZodType, Output> {
  readonly input: Schema;
  // NOTE: method syntax (not an arrow property) so a map of specific handlers is assignable to HandlerMap.
  run(core: StationCoreApi, input: z.output<Schema>): Promise<Output>;
}

/** A map of `'domain-verb'` names to handlers. */
export type HandlerMap = Record<string, ContractHandler<z.ZodType, unknown>>;

export function defineHandler<Schema extends z.ZodType, Output>(
  input: Schema,
  run: (core: StationCoreApi, input: z.output<Schema>) => Promise<Output>,
): ContractHandler<Schema, Output> {
  return { input, run };
}

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void
  ? I
  : never;

/**
 * Joins the per-domain maps into one. Failure: throws when two maps register the same name, so a
 * copy-paste slip cannot silently replace a handler.
 */
export function combineHandlerMaps<Maps extends HandlerMap[]>(...maps: Maps): UnionToIntersection<Maps[number]> {
  const combined: HandlerMap = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (Object.hasOwn(combined, name)) {
        throw new Error(`Contract handler "${name}" is registered twice.`);
      }
      combined[name] = handler;
    }
  }
  return combined as UnionToIntersection<Maps[number]>;
}
