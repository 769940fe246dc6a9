using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Storage.GroupCommit;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

/// <summary>
/// <c>HEED_ADMIN_KEY</c> seeds an admin key; without it, the first start (no keys at all) creates one and
/// writes it to <see cref="KeyFileName"/> in the data directory (mode 0600), never to the log. Either way
/// the key is a ledger entry. A revoked <c>HEED_ADMIN_KEY</c> is never seeded again: revocation is forever.
/// </summary>
public static partial class AdminKeySeeder
{
    /// <summary>The file, in the data directory, that holds the first-start admin key.</summary>
    public const string KeyFileName = "admin.key";

    /// <summary>Returns the path of a newly written first-start key file, or null.</summary>
    public static async Task<string?> SeedAsync(RegistryOptions options, RegistryState state, GroupCommitWriter writer, TimeProvider time, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.AdminKey))
        {
            string hash = KeySecrets.Hash(options.AdminKey);
            if (state.Keys.IsRevokedSecretHash(hash))
            {
                Log.RevokedAdminKey(logger);
            }
            else if (!state.Keys.ContainsSecretHash(hash))
            {
                await writer.SubmitAsync([KeyEntries.Create(KeySecrets.NewId(), Roles.Admin, "seeded from HEED_ADMIN_KEY", hash, time.GetUtcNow(), null)]);
                Log.Seeded(logger);
            }

            return null;
        }

        if (state.Keys.List().Count > 0)
        {
            return null;
        }

        string secret = KeySecrets.NewSecret();
        string path = Path.GetFullPath(Path.Combine(options.Data, KeyFileName));
        DataDirectory.WritePrivateFile(path, secret + "\n");
        await writer.SubmitAsync([KeyEntries.Create(KeySecrets.NewId(), Roles.Admin, "first start", KeySecrets.Hash(secret), time.GetUtcNow(), null)]);
        Log.FirstStartKey(logger, path);
        return path;
    }
}
