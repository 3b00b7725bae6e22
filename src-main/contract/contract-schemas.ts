import { z } from 'zod';

/**
 * Input schemas for the contract. They mirror src-main/core/config/station-config.ts on purpose:
 * that module reads files (node:fs) and must not be bundled into the renderer, while this file is
 * plain TypeScript shared with it. contract-schema-compat.ts proves at compile time that both agree.
 */

export const noInputSchema = z.object({}).strict();

export const portNameSchema = z.string().min(1).max(512);

export const provisionModeSchema = z.enum(['keygen', 'inject']);

export const certificateProfileInputSchema = z
  .object({
    subjectTemplate: z.string().min(1).max(512),
    validityDays: z.number().int().min(1).max(3650),
    copySubjectAltName: z.boolean(),
    backdateSeconds: z.number().int().min(0).max(86_400),
  })
  .strict();

const optionalText = z.string().trim().min(1).max(256).nullable();

export const registrySettingsInputSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).nullable(),
    fleetSid: optionalText,
    deploymentSid: optionalText,
    apiKeySid: optionalText,
  })
  .strict();

export const portSettingsInputSchema = z
  .object({
    usbFilters: z.array(z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, 'use vid:pid in hex, e.g. 1915:520f')),
    paths: z.array(z.string().min(1).max(512)),
    baudRate: z.number().int().positive(),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'use an ISO date (YYYY-MM-DD)');

export const credentialSearchInputSchema = z
  .object({
    serial: z.string().min(1).max(256).optional(),
    thumbprint: z.string().regex(/^[0-9a-fA-F:]{1,95}$/, 'hex digits only').optional(),
    status: z.enum(['issued', 'installed', 'active', 'failed', 'revoked', 'superseded']).optional(),
    enrollmentStatus: z.enum(['not-required', 'pending', 'enrolled', 'failed']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const pemSchema = z.string().min(1).max(200_000).regex(/-----BEGIN [A-Z0-9 ]+-----/, 'paste a PEM block');
