import { z } from 'zod';
import { defineHandler } from '../contract-handler';
import { noInputSchema, portNameSchema, provisionModeSchema } from '../contract-schemas';

const traceText = z.string().trim().min(1).max(128).nullable();

/** The station screen: overview, watching, provisioning one port (also Retry), traceability. */
export const stationHandlers = {
  'station-overview': defineHandler(noInputSchema, (core) => core.overview()),
  'station-start-watching': defineHandler(
    z.object({ patterns: z.array(z.string().min(1).max(512)).optional() }).strict(),
    (core, input) => core.startWatching(input.patterns),
  ),
  'station-stop-watching': defineHandler(noInputSchema, (core) => core.stopWatching()),
  'station-provision-port': defineHandler(
    z.object({ port: portNameSchema, mode: provisionModeSchema.optional() }).strict(),
    (core, input) => core.provisionPort(input.port, input.mode),
  ),
  'station-retry-port': defineHandler(z.object({ port: portNameSchema }).strict(), (core, input) =>
    core.provisionPort(input.port),
  ),
  'station-set-traceability': defineHandler(
    z.object({ operator: traceText, workOrder: traceText }).strict(),
    async (core, input) => {
      await core.setTraceability(input.operator, input.workOrder);
      return null;
    },
  ),
};
