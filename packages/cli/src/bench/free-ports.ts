import { freePort } from '@erp/kit/testing';

/** `count` different free ports; asking the OS one at a time could hand out the same port twice. */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
