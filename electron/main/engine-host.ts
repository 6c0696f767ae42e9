/**
 * Hosts the engine in a child process (an Electron `utilityProcess` in the app), relays
 * contract calls to it with request ids, and restarts it with a notice and a backoff if it
 * exits unexpectedly. The child is created by an injected `fork`, so this file does not
 * import Electron and runs under plain Node in tests.
 */
import type { EventMessage, MethodName } from '../../shared/contract';
import type { RpcError, RpcOutcome } from '../../shared/rpc';
import { EngineClient } from './engine-messages';
import { DEFAULT_RESTART_POLICY, restartDecision, type RestartPolicy } from './restart-policy';

/** What the host needs of a child process (an Electron `UtilityProcess`, or a Node child). */
export interface EngineChild {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export type EngineNotice =
  | { kind: 'ready'; adminUrl: string | null }
  | { kind: 'restarting'; code: number; delayMs: number; attempt: number }
  | { kind: 'gave-up'; code: number; reason: string }
  | { kind: 'fatal'; error: RpcError };

export interface EngineHostOptions {
  fork(): EngineChild;
  onNotice(notice: EngineNotice): void;
  policy?: RestartPolicy;
  now?(): number;
  timeoutMs?: number;
  log?(message: string): void;
}

export type EngineHostState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

export class EngineHost {
  private child: EngineChild | null = null;
  private readonly client: EngineClient;
  private readonly crashTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stopping: (() => void) | null = null;
  private currentState: EngineHostState = 'stopped';
  private fatalError: RpcError | null = null;

  constructor(private readonly options: EngineHostOptions) {
    const log = options.log ?? ((message: string) => console.error(message));
    this.client = new EngineClient(
      () => {
        throw new Error('not started');
      },
      { timeoutMs: options.timeoutMs, log },
    );
    this.client.onReady((adminUrl) => {
      this.currentState = 'running';
      options.onNotice({ kind: 'ready', adminUrl });
    });
    this.client.onFatal((error) => {
      // The engine could not start (a broken config, an unreadable data dir): restarting
      // would fail the same way, so the exit that follows is final.
      this.fatalError = error;
      options.onNotice({ kind: 'fatal', error });
    });
  }

  get state(): EngineHostState {
    return this.currentState;
  }

  start(): void {
    if (this.child || this.currentState === 'failed') return;
    this.currentState = this.crashTimes.length > 0 ? 'restarting' : 'starting';
    const child = this.options.fork();
    this.child = child;
    this.client.setTransport((message) => child.postMessage(message));
    child.onMessage((message) => this.client.receive(message));
    child.onExit((code) => this.handleExit(child, code));
  }

  /** One contract call; resolves with `ENGINE_UNAVAILABLE` while no engine runs. */
  call(method: MethodName, params: unknown): Promise<RpcOutcome<unknown>> {
    if (!this.child) {
      const message =
        this.currentState === 'failed'
          ? 'The engine stopped and was not restarted; restart Portico.'
          : 'The engine is restarting; try again in a moment.';
      return Promise.resolve({ ok: false, error: { code: 'ENGINE_UNAVAILABLE', message } });
    }
    return this.client.call(method, params);
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    return this.client.onEvent(listener);
  }

  /** Asks the engine to stop (closing its listeners), and kills it if it takes too long. */
  stop(graceMs = 3_000): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) {
      this.currentState = 'stopped';
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill(), graceMs);
      this.stopping = () => {
        clearTimeout(timer);
        resolve();
      };
      try {
        child.postMessage({ type: 'stop' });
      } catch {
        child.kill();
      }
    });
  }

  private handleExit(child: EngineChild, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    this.client.failPending({
      code: 'ENGINE_UNAVAILABLE',
      message: `The engine exited (code ${code}) before answering.`,
    });
    if (this.stopping) {
      this.currentState = 'stopped';
      const done = this.stopping;
      this.stopping = null;
      done();
      return;
    }
    if (this.fatalError) {
      this.currentState = 'failed';
      this.options.onNotice({ kind: 'gave-up', code, reason: this.fatalError.message });
      return;
    }
    const now = this.options.now?.() ?? Date.now();
    this.crashTimes.push(now);
    // Only the last few crashes matter to the policy; older ones are forgotten.
    if (this.crashTimes.length > 20) this.crashTimes.splice(0, this.crashTimes.length - 20);
    const decision = restartDecision(
      this.crashTimes,
      now,
      this.options.policy ?? DEFAULT_RESTART_POLICY,
    );
    if (!decision.restart) {
      this.currentState = 'failed';
      this.options.onNotice({ kind: 'gave-up', code, reason: decision.reason });
      return;
    }
    this.currentState = 'restarting';
    this.options.onNotice({
      kind: 'restarting',
      code,
      delayMs: decision.delayMs,
      attempt: decision.attempt,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, decision.delayMs);
  }
}
