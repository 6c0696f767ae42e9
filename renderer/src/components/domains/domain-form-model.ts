/**
 * The Add/Edit domain form's rules, as a pure function: the same `checkHost`/`checkTarget`
 * the engine uses, so the form accepts and refuses exactly what the engine would, with the
 * same messages. A field's message shows once the user has typed in it (or left it).
 */
import { checkHost } from '../../../../shared/host-name';
import { checkTarget } from '../../../../shared/target';

export interface DomainFormValues {
  host: string;
  target: string;
}

export interface DomainFormCheck {
  hostError: string | null;
  targetError: string | null;
  /** A non-blocking note (e.g. a name that needs a hosts-file entry). */
  hostNote: string | null;
  valid: boolean;
}

export function checkDomainForm(
  values: DomainFormValues,
  touched: { host: boolean; target: boolean },
): DomainFormCheck {
  const host = checkHost(values.host);
  const target = checkTarget(values.target);
  let hostNote: string | null = null;
  if (host.ok && host.needsHostsEntry) {
    hostNote = `Names outside .localhost need a hosts-file entry; Portico will ask to add one.`;
  } else if (host.ok && host.wildcard) {
    hostNote = `Matches every subdomain of ${host.host.slice(2)}, with a wildcard certificate.`;
  }
  return {
    hostError: !host.ok && touched.host ? host.message : null,
    targetError: !target.ok && touched.target ? target.message : null,
    hostNote,
    valid: host.ok && target.ok,
  };
}
