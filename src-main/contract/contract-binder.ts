import type { z } from 'zod';
import { toErrorShape } from '../core/errors';
import type { StationCoreApi } from '../core/station/station-core-api';
import type { ContractHandler, HandlerMap } from './contract-handler';
import { errorResult, okResult, type ContractResult } from './contract-result';
import { stationContract } from './station-contract';

/**
 * Binds the contract to one StationCoreApi. Main-process only (the renderer never sees handlers run):
 * the Electron shell puts `invoke` behind ipcMain.handle, the host behind its WebSocket.
 */
export interface ContractDispatcher {
  readonly names: readonly string[];
  /**
   * Validates `input` with the handler's zod schema, runs it, and resolves to a ContractResult.
   * Never rejects: unknown names → `unknown-handler`, bad input → `invalid-input`, anything thrown
   * → `toErrorShape` (StationError keeps code/message/hint; other errors become `internal`).
   */
  invoke(name: string, input: unknown): Promise<ContractResult<unknown>>;
}

/** Name → handler, refusing a second registration under the same name. */
export class ContractRegistry {
  private readonly handlers = new Map<string, ContractHandler<z.ZodType, unknown>>();

  /** Failure: throws an Error when `name` is already registered. */
  register(name: string, handler: ContractHandler<z.ZodType, unknown>): void {
    if (this.handlers.has(name)) {
      throw new Error(`Contract handler "${name}" is registered twice.`);
    }
    this.handlers.set(name, handler);
  }

  registerMap(map: HandlerMap): void {
    for (const [name, handler] of Object.entries(map)) this.register(name, handler);
  }

  get(name: string): ContractHandler<z.ZodType, unknown> | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }
}

export function bindContract(core: StationCoreApi, map: HandlerMap = stationContract): ContractDispatcher {
  const registry = new ContractRegistry();
  registry.registerMap(map);
  return {
    names: registry.names(),
    async invoke(name, input) {
      const handler = registry.get(name);
      if (!handler) {
        return errorResult({
          code: 'unknown-handler',
          message: `The station has no operation called "${name}".`,
          hint: 'The app and the station core are out of step: restart the app.',
        });
      }
      const parsed = handler.input.safeParse(input);
      if (!parsed.success) {
        return errorResult({ code: 'invalid-input', message: describeIssues(name, parsed.error), hint: 'Correct the highlighted value and try again.' });
      }
      try {
        return okResult(await handler.run(core, parsed.data));
      } catch (error) {
        return errorResult(toErrorShape(error));
      }
    },
  };
}

/** Field paths and zod's messages only: never the rejected value (it might be a secret). */
function describeIssues(name: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `Bad input for ${name}: ${parts.join('; ')}.`;
}
