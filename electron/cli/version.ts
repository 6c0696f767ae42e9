/** The version printed by `--version`: the package's own. */
import packageJson from '../../package.json';

export const VERSION: string = packageJson.version;
