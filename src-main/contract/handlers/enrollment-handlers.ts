import { z } from 'zod';
import { defineHandler } from '../contract-handler';
import { noInputSchema } from '../contract-schemas';
import { toCredentialView, toEnrollmentOverviewView } from '../credential-view';

/** Registry enrollment: the outbox's state and a per-credential retry. */
export const enrollmentHandlers = {
  'enrollment-overview': defineHandler(noInputSchema, async (core) =>
    toEnrollmentOverviewView(await core.enrollmentOverview()),
  ),
  'enrollment-retry': defineHandler(z.object({ credentialId: z.number().int().positive() }).strict(), async (core, input) =>
    toCredentialView(await core.retryEnrollment(input.credentialId)),
  ),
};
