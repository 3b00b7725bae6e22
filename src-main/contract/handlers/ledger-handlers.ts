import { z } from 'zod';
import { defineHandler } from '../contract-handler';
import { credentialSearchInputSchema, noInputSchema } from '../contract-schemas';
import { toBoardHistoryView, toCredentialView } from '../credential-view';

/** Ledger search, a board's history, export and chain verification. */
export const ledgerHandlers = {
  'ledger-search': defineHandler(credentialSearchInputSchema, async (core, input) =>
    (await core.searchLedger(input)).map(toCredentialView),
  ),
  'ledger-history': defineHandler(
    z.object({ serialOrThumbprint: z.string().trim().min(1).max(256) }).strict(),
    async (core, input) => toBoardHistoryView(await core.boardHistory(input.serialOrThumbprint)),
  ),
  'ledger-export': defineHandler(
    z.object({ format: z.enum(['csv', 'json']), search: credentialSearchInputSchema }).strict(),
    (core, input) => core.exportLedger(input.format, input.search),
  ),
  'ledger-verify': defineHandler(noInputSchema, (core) => core.verifyLedger()),
};
