import { z } from 'zod';
import { defineHandler } from '../contract-handler';
import { noInputSchema, pemSchema } from '../contract-schemas';

const subjectSchema = z.string().trim().min(1).max(512).nullable();

/** The line CA. Only `ca-import` carries key material, inbound; nothing returns it. */
export const caHandlers = {
  'ca-summary': defineHandler(noInputSchema, (core) => core.caSummary()),
  'ca-create-self-signed': defineHandler(
    z.object({ subject: subjectSchema, validityYears: z.number().int().min(1).max(30) }).strict(),
    (core, input) => core.createSelfSignedCa(input.subject, input.validityYears),
  ),
  'ca-create-csr': defineHandler(z.object({ subject: subjectSchema }).strict(), (core, input) =>
    core.createCaCsr(input.subject),
  ),
  'ca-install-certificate': defineHandler(
    z.object({ certificatePem: pemSchema, chainPem: pemSchema.nullable() }).strict(),
    (core, input) => core.installCaCertificate(input.certificatePem, input.chainPem),
  ),
  'ca-import': defineHandler(
    z.object({ keyPem: pemSchema, certificatePem: pemSchema, chainPem: pemSchema.nullable() }).strict(),
    (core, input) => core.importCa(input.keyPem, input.certificatePem, input.chainPem),
  ),
};
