import { StationError } from '../errors';
import {
  certificateSchema,
  deploymentSchema,
  deviceSchema,
  fleetSchema,
  isRegistrySid,
  keySchema,
  type RegistryCertificate,
  type RegistryDeployment,
  type RegistryDevice,
  type RegistryFleet,
  type RegistryKey,
} from './registry-schemas';
import { RegistryTransport, type RegistryTransportOptions } from './registry-transport';

export type RegistryClientOptions = RegistryTransportOptions;

/** Page size asked for on list calls (the spec's default is 50, its maximum 1000). */
export interface RegistryListOptions {
  pageSize?: number;
}

export interface CreateDeviceFields {
  /** Unique and addressable in the fleet (up to 128 chars): the station uses the board serial. */
  uniqueName?: string;
  friendlyName?: string;
  identity?: string;
  deploymentSid?: string;
  enabled?: boolean;
}

export type UpdateDeviceFields = Omit<CreateDeviceFields, 'uniqueName'>;

export interface CreateCertificateFields {
  /** The certificate in PEM. */
  certificateData: string;
  friendlyName?: string;
  deviceSid?: string;
}

export interface UpdateCertificateFields {
  friendlyName?: string;
  deviceSid?: string;
}

export interface CreateKeyFields {
  friendlyName?: string;
  deviceSid?: string;
}

function fleetPath(fleetSid: string): string {
  return `/DeployedDevices/Fleets/${encodeURIComponent(fleetSid)}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof StationError && error.code === 'registry-error' && error.details.status === 404;
}

/**
 * Client of the device registry's REST API (Deployed Devices: Fleets, Deployments, Devices,
 * Certificates, Keys) over the global fetch.
 *
 * Every method rejects with the StationErrors RegistryTransport documents: `registry-unreachable`
 * (queueable), `registry-error` (status/code in details), `registry-bad-response`. List methods follow
 * meta.next_page_url until the last page and return every item.
 */
export class RegistryClient {
  private readonly transport: RegistryTransport;

  constructor(options: RegistryClientOptions) {
    this.transport = new RegistryTransport(options);
  }

  /** The server URL the client talks to. */
  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  // Fleets

  fetchFleet(fleetSid: string): Promise<RegistryFleet> {
    return this.transport.json({ method: 'GET', path: fleetPath(fleetSid), action: `fetch the fleet ${fleetSid}` }, fleetSchema);
  }

  listFleets(options: RegistryListOptions = {}): Promise<RegistryFleet[]> {
    return this.transport.listAll(
      { method: 'GET', path: '/DeployedDevices/Fleets', action: 'list the fleets', query: { PageSize: options.pageSize } },
      'fleets',
      fleetSchema,
    );
  }

  /** The registry also creates the fleet's default deployment (default_deployment_sid). */
  createFleet(fields: { friendlyName?: string } = {}): Promise<RegistryFleet> {
    return this.transport.json(
      { method: 'POST', path: '/DeployedDevices/Fleets', action: 'create a fleet', form: { FriendlyName: fields.friendlyName } },
      fleetSchema,
    );
  }

  updateFleet(fleetSid: string, fields: { friendlyName?: string; defaultDeploymentSid?: string }): Promise<RegistryFleet> {
    return this.transport.json(
      {
        method: 'POST',
        path: fleetPath(fleetSid),
        action: `update the fleet ${fleetSid}`,
        form: { FriendlyName: fields.friendlyName, DefaultDeploymentSid: fields.defaultDeploymentSid },
      },
      fleetSchema,
    );
  }

  deleteFleet(fleetSid: string): Promise<void> {
    return this.transport.noContent({ method: 'DELETE', path: fleetPath(fleetSid), action: `delete the fleet ${fleetSid}` });
  }

  // Deployments

  listDeployments(fleetSid: string, options: RegistryListOptions = {}): Promise<RegistryDeployment[]> {
    return this.transport.listAll(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Deployments`,
        action: `list the deployments of fleet ${fleetSid}`,
        query: { PageSize: options.pageSize },
      },
      'deployments',
      deploymentSchema,
    );
  }

  createDeployment(fleetSid: string, fields: { friendlyName?: string; syncServiceSid?: string } = {}): Promise<RegistryDeployment> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Deployments`,
        action: `create a deployment in fleet ${fleetSid}`,
        form: { FriendlyName: fields.friendlyName, SyncServiceSid: fields.syncServiceSid },
      },
      deploymentSchema,
    );
  }

  fetchDeployment(fleetSid: string, deploymentSid: string): Promise<RegistryDeployment> {
    return this.transport.json(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Deployments/${encodeURIComponent(deploymentSid)}`,
        action: `fetch the deployment ${deploymentSid}`,
      },
      deploymentSchema,
    );
  }

  // Devices

  createDevice(fleetSid: string, fields: CreateDeviceFields): Promise<RegistryDevice> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Devices`,
        action: `create the device ${fields.uniqueName ?? ''}`.trimEnd(),
        form: {
          UniqueName: fields.uniqueName,
          FriendlyName: fields.friendlyName,
          Identity: fields.identity,
          DeploymentSid: fields.deploymentSid,
          Enabled: fields.enabled,
        },
      },
      deviceSchema,
    );
  }

  /** Fetches by Sid or by UniqueName (the spec calls the unique name "addressable": it works in the path). */
  fetchDevice(fleetSid: string, sidOrUniqueName: string): Promise<RegistryDevice> {
    return this.transport.json(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Devices/${encodeURIComponent(sidOrUniqueName)}`,
        action: `fetch the device ${sidOrUniqueName}`,
      },
      deviceSchema,
    );
  }

  /**
   * The device whose unique_name is `uniqueName`, or null. Fetches it by name; a name that looks like
   * a device Sid (TH + 32 hex) would be read as a Sid, so for those the fleet's device list is searched.
   */
  async findDeviceByUniqueName(fleetSid: string, uniqueName: string): Promise<RegistryDevice | null> {
    if (isRegistrySid('device', uniqueName)) {
      const devices = await this.listDevices(fleetSid);
      return devices.find((device) => device.unique_name === uniqueName) ?? null;
    }
    try {
      const device = await this.fetchDevice(fleetSid, uniqueName);
      return device.unique_name === uniqueName ? device : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  listDevices(fleetSid: string, filter: { deploymentSid?: string } & RegistryListOptions = {}): Promise<RegistryDevice[]> {
    return this.transport.listAll(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Devices`,
        action: `list the devices of fleet ${fleetSid}`,
        query: { DeploymentSid: filter.deploymentSid, PageSize: filter.pageSize },
      },
      'devices',
      deviceSchema,
    );
  }

  updateDevice(fleetSid: string, deviceSid: string, fields: UpdateDeviceFields): Promise<RegistryDevice> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Devices/${encodeURIComponent(deviceSid)}`,
        action: `update the device ${deviceSid}`,
        form: {
          FriendlyName: fields.friendlyName,
          Identity: fields.identity,
          DeploymentSid: fields.deploymentSid,
          Enabled: fields.enabled,
        },
      },
      deviceSchema,
    );
  }

  deleteDevice(fleetSid: string, deviceSid: string): Promise<void> {
    return this.transport.noContent({
      method: 'DELETE',
      path: `${fleetPath(fleetSid)}/Devices/${encodeURIComponent(deviceSid)}`,
      action: `delete the device ${deviceSid}`,
    });
  }

  // Certificates

  createCertificate(fleetSid: string, fields: CreateCertificateFields): Promise<RegistryCertificate> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Certificates`,
        action: fields.deviceSid ? `enroll the certificate for device ${fields.deviceSid}` : 'enroll the certificate',
        form: { CertificateData: fields.certificateData, FriendlyName: fields.friendlyName, DeviceSid: fields.deviceSid },
      },
      certificateSchema,
    );
  }

  listCertificates(fleetSid: string, filter: { deviceSid?: string } & RegistryListOptions = {}): Promise<RegistryCertificate[]> {
    return this.transport.listAll(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Certificates`,
        action: filter.deviceSid ? `list the certificates of device ${filter.deviceSid}` : `list the certificates of fleet ${fleetSid}`,
        query: { DeviceSid: filter.deviceSid, PageSize: filter.pageSize },
      },
      'certificates',
      certificateSchema,
    );
  }

  fetchCertificate(fleetSid: string, certificateSid: string): Promise<RegistryCertificate> {
    return this.transport.json(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Certificates/${encodeURIComponent(certificateSid)}`,
        action: `fetch the certificate ${certificateSid}`,
      },
      certificateSchema,
    );
  }

  updateCertificate(fleetSid: string, certificateSid: string, fields: UpdateCertificateFields): Promise<RegistryCertificate> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Certificates/${encodeURIComponent(certificateSid)}`,
        action: `update the certificate ${certificateSid}`,
        form: { FriendlyName: fields.friendlyName, DeviceSid: fields.deviceSid },
      },
      certificateSchema,
    );
  }

  deleteCertificate(fleetSid: string, certificateSid: string): Promise<void> {
    return this.transport.noContent({
      method: 'DELETE',
      path: `${fleetPath(fleetSid)}/Certificates/${encodeURIComponent(certificateSid)}`,
      action: `delete the certificate ${certificateSid}`,
    });
  }

  // Keys

  /** The answer's `secret` is the only time the registry reveals it: the caller must not log or store it. */
  createKey(fleetSid: string, fields: CreateKeyFields = {}): Promise<RegistryKey> {
    return this.transport.json(
      {
        method: 'POST',
        path: `${fleetPath(fleetSid)}/Keys`,
        action: 'create a key credential',
        form: { FriendlyName: fields.friendlyName, DeviceSid: fields.deviceSid },
      },
      keySchema,
    );
  }

  listKeys(fleetSid: string, filter: { deviceSid?: string } & RegistryListOptions = {}): Promise<RegistryKey[]> {
    return this.transport.listAll(
      {
        method: 'GET',
        path: `${fleetPath(fleetSid)}/Keys`,
        action: `list the keys of fleet ${fleetSid}`,
        query: { DeviceSid: filter.deviceSid, PageSize: filter.pageSize },
      },
      'keys',
      keySchema,
    );
  }

  deleteKey(fleetSid: string, keySid: string): Promise<void> {
    return this.transport.noContent({
      method: 'DELETE',
      path: `${fleetPath(fleetSid)}/Keys/${encodeURIComponent(keySid)}`,
      action: `delete the key ${keySid}`,
    });
  }
}
