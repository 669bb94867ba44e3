/** What a compute host tells Berth about its engine when it registers. */
export interface HostInfo {
  cpus: number;
  memTotalMiB: number;
  os: string;
  osType: string;
  kernelVersion: string;
  architecture: string;
  runtimes: string[];
  defaultRuntime: string;
  serverVersion: string;
  containers: number;
}
