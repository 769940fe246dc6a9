using Heed.Registry.Hosting;
using Heed.Storage.Audit;

namespace Heed.Registry.Audit;

/// <summary>
/// The registry's checkpoint signing key, <see cref="FileName"/> in the data directory: created on first start
/// (mode 0600, written whole under another name and then moved in place, so a crash never leaves half a key),
/// and read on every later start. A key that cannot be read, is not a signer key, or belongs to another ledger
/// stops the start: signing with a new key would silently break every verifier that trusts the old one.
/// </summary>
public static class AuditKeyFile
{
    public const string FileName = "audit.key";

    /// <summary>Reads the key, or creates it when there is none. <paramref name="origin"/> is the key's name.</summary>
    /// <exception cref="RegistryConfigurationException">The key file exists but cannot be used.</exception>
    public static NoteSigner LoadOrCreate(string dataDirectory, string origin)
    {
        string path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        NoteSigner signer;
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                using NoteSigner created = NoteSigner.Generate(origin);
                DataDirectory.WritePrivateFileAtomically(path, created.ExportSignerKey() + "\n");
            }

            signer = NoteSigner.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw Unusable(path, ex.Message);
        }

        if (signer.Name != origin)
        {
            string name = signer.Name;
            signer.Dispose();
            throw Unusable(path, $"it is the key of '{name}', and this ledger's checkpoints are '{origin}'");
        }

        return signer;
    }

    private static RegistryConfigurationException Unusable(string path, string reason) =>
        new([$"the audit key {path} cannot be used: {reason}. Restore it from a backup; remove it only to start a new key, which every verifier must then be given"]);
}
