import { createTestTokens } from '@erp/kit/testing';
import { describe, expect, it } from 'vitest';

const TENANT = '0b0c7c5e-2f0e-4c59-9d5e-7f1f3c6a1a01';

describe('createTestTokens', () => {
  it('should sign tokens its verifier accepts with the contract claims', async () => {
    const tokens = await createTestTokens();

    const principal = await tokens.verifier.verify(await tokens.sign({ tenantId: TENANT, userId: 'user-7', permissions: ['core.customers:read'] }));

    expect(principal).toMatchObject({ tenantId: TENANT, userId: 'user-7', permissions: ['core.customers:read'] });
  });

  it('should sign expired tokens the verifier refuses when the ttl is negative', async () => {
    const tokens = await createTestTokens();

    const verifying = tokens.verifier.verify(await tokens.sign({ tenantId: TENANT, permissions: [], ttlS: -60 }));

    await expect(verifying).rejects.toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });

  it('should not accept tokens of another test issuer', async () => {
    const [ours, theirs] = [await createTestTokens(), await createTestTokens()];

    const verifying = ours.verifier.verify(await theirs.sign({ tenantId: TENANT, permissions: [] }));

    await expect(verifying).rejects.toMatchObject({ code: 'KIT_UNAUTHENTICATED' });
  });
});
