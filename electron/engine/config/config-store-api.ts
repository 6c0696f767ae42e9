/**
 * The configuration as the engine sees it: one current, valid config; changes go
 * through `update`, which validates before anything is applied or written.
 */
import type { PorticoConfig } from '../../../shared/config';

export interface ConfigStore {
  /** The last good configuration. */
  current(): PorticoConfig;
  /**
   * Applies `change` to a copy of the current config, validates the result with the shared
   * schema, writes it atomically (keeping the previous file as `config.json.bak`) and only
   * then makes it current. Throws PorticoError('INVALID_CONFIG' | …) and changes nothing if
   * the result is invalid. Updates are serialised.
   */
  update(change: (draft: PorticoConfig) => void): Promise<PorticoConfig>;
  /** Called with every new current config (from `update` or from an edit of the file). */
  onChange(listener: (config: PorticoConfig) => void): () => void;
  /** A problem with the file on disk (corrupt, refused edit), or null. */
  problem(): string | null;
  close(): Promise<void>;
}
