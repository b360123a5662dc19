/** Who is calling, as the device guard resolved it from the bearer token. */
export interface AuthenticatedDevice {
  deviceId: string;
  shopId: string;
}

export interface DeviceRequest {
  headers: Record<string, string | string[] | undefined>;
  device?: AuthenticatedDevice;
}
