/**
 * vitest globalSetup for the runtime project: start the loopback receiver in Node (tests inside
 * workerd cannot listen) and hand its port to the tests, which read it with `inject("notifyReceiverPort")`.
 */
import type { TestProject } from "vitest/node";
import { startReceiver } from "./receiver";

declare module "vitest" {
  export interface ProvidedContext {
    notifyReceiverPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startReceiver();
  project.provide("notifyReceiverPort", receiver.port);
  return () => receiver.close();
}
