import { z } from 'zod';
import { defineHandler } from '../contract-handler';
import {
  certificateProfileInputSchema,
  noInputSchema,
  portSettingsInputSchema,
  provisionModeSchema,
  registrySettingsInputSchema,
} from '../contract-schemas';

/** Key mode, certificate profile, registry settings (secret write-only) and port filters. */
export const settingsHandlers = {
  'mode-get': defineHandler(noInputSchema, (core) => core.getMode()),
  'mode-set': defineHandler(z.object({ mode: provisionModeSchema }).strict(), (core, input) => core.setMode(input.mode)),
  'profile-get': defineHandler(noInputSchema, (core) => core.getProfile()),
  'profile-set': defineHandler(certificateProfileInputSchema, (core, input) => core.setProfile(input)),
  'registry-get': defineHandler(noInputSchema, (core) => core.getRegistry()),
  'registry-set': defineHandler(registrySettingsInputSchema, (core, input) => core.setRegistry(input)),
  'registry-set-secret': defineHandler(z.object({ secret: z.string().min(1).max(4096) }).strict(), (core, input) =>
    core.setRegistrySecret(input.secret),
  ),
  'registry-test': defineHandler(noInputSchema, (core) => core.testRegistry()),
  'ports-get': defineHandler(noInputSchema, (core) => core.getPortSettings()),
  'ports-set': defineHandler(portSettingsInputSchema, (core, input) => core.setPortSettings(input)),
};
