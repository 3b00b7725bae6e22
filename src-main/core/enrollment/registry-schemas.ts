import { z } from 'zod';

/**
 * The device registry's JSON shapes (Twilio Deployed Devices / Device Manager, see
 * shared/reference/twilio-deployed-devices.openapi.json), validated with zod on every response.
 *
 * Every field the spec marks `nullable` is nullable here too; unknown fields are dropped. The spec's
 * sid patterns are documented on each field but not enforced: the published Fleet schema says
 * `^TH…` while every example (and the vendor's console) uses `FL…`, so a strict pattern would reject
 * real answers.
 */

/** Sid prefixes the registry uses (two letters + 32 hex digits). NOTE: Fleet is FL as in the spec's examples. */
export const REGISTRY_SID_PREFIX = {
  account: 'AC',
  fleet: 'FL',
  device: 'TH',
  deployment: 'DL',
  certificate: 'CY',
  key: 'KY',
  syncService: 'IS',
} as const;

export type RegistrySidKind = keyof typeof REGISTRY_SID_PREFIX;

/** True when `value` is a sid of the given kind (prefix + 32 hex digits). */
export function isRegistrySid(kind: RegistrySidKind, value: string): boolean {
  return new RegExp(`^${REGISTRY_SID_PREFIX[kind]}[0-9a-fA-F]{32}$`).test(value);
}

const nullableString = z.string().nullable();
const dateTime = z.string().nullable();

export const fleetSchema = z.object({
  sid: z.string(),
  url: nullableString,
  unique_name: nullableString.optional().default(null),
  friendly_name: nullableString,
  account_sid: nullableString,
  default_deployment_sid: nullableString,
  date_created: dateTime,
  date_updated: dateTime,
  links: z.record(z.string(), z.string()).nullable().optional().default(null),
});

export const deploymentSchema = z.object({
  sid: z.string(),
  url: nullableString,
  friendly_name: nullableString,
  fleet_sid: nullableString,
  account_sid: nullableString,
  sync_service_sid: nullableString.optional().default(null),
  date_created: dateTime,
  date_updated: dateTime,
});

export const deviceSchema = z.object({
  sid: z.string(),
  url: nullableString,
  unique_name: nullableString,
  friendly_name: nullableString,
  fleet_sid: nullableString,
  enabled: z.boolean().nullable(),
  account_sid: nullableString,
  identity: nullableString.optional().default(null),
  deployment_sid: nullableString,
  date_created: dateTime,
  date_updated: dateTime,
  date_authenticated: dateTime.optional().default(null),
});

export const certificateSchema = z.object({
  sid: z.string(),
  url: nullableString,
  friendly_name: nullableString,
  fleet_sid: nullableString,
  account_sid: nullableString,
  device_sid: nullableString,
  thumbprint: nullableString,
  date_created: dateTime,
  date_updated: dateTime,
});

export const keySchema = z.object({
  sid: z.string(),
  url: nullableString,
  friendly_name: nullableString,
  fleet_sid: nullableString,
  account_sid: nullableString,
  device_sid: nullableString,
  /** Only the create response carries the generated secret; fetch and list answer null. */
  secret: nullableString,
  date_created: dateTime,
  date_updated: dateTime,
});

/** `meta` of every list page. */
export const pageMetaSchema = z.object({
  first_page_url: z.string().optional(),
  key: z.string(),
  next_page_url: z.string().nullable(),
  page: z.number().int(),
  page_size: z.number().int(),
  previous_page_url: z.string().nullable().optional(),
  url: z.string().optional(),
});

/** Twilio's error body (not in the spec, which lists no error responses; this is the vendor's standard shape). */
export const registryErrorBodySchema = z.object({
  code: z.number().int().nullable(),
  message: z.string(),
  more_info: z.string().nullable().optional(),
  status: z.number().int(),
});

export type RegistryFleet = z.infer<typeof fleetSchema>;
export type RegistryDeployment = z.infer<typeof deploymentSchema>;
export type RegistryDevice = z.infer<typeof deviceSchema>;
export type RegistryCertificate = z.infer<typeof certificateSchema>;
export type RegistryKey = z.infer<typeof keySchema>;
export type RegistryPageMeta = z.infer<typeof pageMetaSchema>;
export type RegistryErrorBody = z.infer<typeof registryErrorBodySchema>;
