using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Storage.GroupCommit;

namespace Heed.Registry.Hosting;

/// <summary>
/// <c>HEED_ADMIN_KEY</c> seeds an admin key; without it, the first start (no keys at all) creates one
/// and returns it so the host can print it once. Either way the key is a ledger entry.
/// </summary>
public static class AdminKeySeeder
{
    /// <summary>Returns a newly generated secret to show once, or null.</summary>
    public static async Task<string?> SeedAsync(RegistryOptions options, RegistryState state, GroupCommitWriter writer, TimeProvider time)
    {
        if (!string.IsNullOrEmpty(options.AdminKey))
        {
            string hash = KeySecrets.Hash(options.AdminKey);
            if (!state.Keys.ContainsSecretHash(hash))
            {
                await writer.SubmitAsync([KeyEntries.Create(KeySecrets.NewId(), Roles.Admin, "seeded from HEED_ADMIN_KEY", hash, time.GetUtcNow(), null)]);
            }

            return null;
        }

        if (state.Keys.List().Count > 0)
        {
            return null;
        }

        string secret = KeySecrets.NewSecret();
        await writer.SubmitAsync([KeyEntries.Create(KeySecrets.NewId(), Roles.Admin, "first start", KeySecrets.Hash(secret), time.GetUtcNow(), null)]);
        return secret;
    }
}
