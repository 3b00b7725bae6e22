import { openSerialTransport, type SerialTransportOptions } from '../serial-transport';
import { StationLinkDriver, type StationLinkDriverOptions } from './station-link-driver';

export type OpenStationLinkOptions = SerialTransportOptions & Omit<StationLinkDriverOptions, 'transport'>;

/**
 * Opens the serial port and wraps it in a StationLinkDriver. It does not send HELLO: call
 * `driver.hello()` first (the driver would send it before any other command anyway).
 * Rejects with StationError `port-open-failed` when the port cannot be opened.
 */
export async function openStationLinkDriver(options: OpenStationLinkOptions): Promise<StationLinkDriver> {
  const { path, baudRate, maxLineBytes, ...driverOptions } = options;
  const transport = await openSerialTransport({ path, baudRate, maxLineBytes });
  return new StationLinkDriver({ ...driverOptions, transport });
}
