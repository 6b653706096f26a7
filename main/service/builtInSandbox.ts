// The built-in sandbox as the service uses it: started on the first sign-in to it (once, even when two
// sign-ins race), on loopback with free ports, and stopped with the service.
import { BuiltInSandbox, type BuiltInSandboxOptions } from '../sandbox/builtIn';

export class SandboxLauncher {
  private sandbox: BuiltInSandbox | null = null;
  private starting: Promise<BuiltInSandbox> | null = null;

  constructor(private readonly options: BuiltInSandboxOptions = {}) {}

  get running(): BuiltInSandbox | null {
    return this.sandbox;
  }

  /** Where to sign in; starts the sandbox if it is not running yet. */
  async address(): Promise<{ host: string; port: number }> {
    const sandbox = await this.ensure();
    return { host: sandbox.host, port: sandbox.port };
  }

  private ensure(): Promise<BuiltInSandbox> {
    if (this.sandbox) return Promise.resolve(this.sandbox);
    this.starting ??= (async () => {
      const sandbox = new BuiltInSandbox(this.options);
      try {
        await sandbox.start();
      } catch (err) {
        await sandbox.stop().catch(() => {});
        throw err;
      } finally {
        this.starting = null;
      }
      this.sandbox = sandbox;
      return sandbox;
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    if (starting) await starting.catch(() => null);
    const sandbox = this.sandbox;
    this.sandbox = null;
    await sandbox?.stop();
  }
}
