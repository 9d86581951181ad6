import type { BearerVerifier, KeyGrant } from './key-grant.ts';
import type { ApiKeyVerifier } from './key-verifier.ts';

/** The HTTP server's view of the key verifier: a verified key becomes the grant it carries. */
export function bearerVerifierFor(verifier: ApiKeyVerifier): BearerVerifier {
  return {
    verify(presented: string): KeyGrant | undefined {
      const verified = verifier.verify(presented);
      if (!verified) return undefined;
      const { workspaces, access } = verified.scope;
      return workspaces === 'all'
        ? { name: verified.name, access }
        : { name: verified.name, access, workspaces };
    },
  };
}
