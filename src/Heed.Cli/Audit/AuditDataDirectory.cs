using Heed.Cli.Commands;
using Heed.Registry.Audit;
using Heed.Storage.Audit;

namespace Heed.Cli.Audit;

/// <summary>What <c>heed audit key|verify --data DIR</c> read from a (copied) data directory, without a registry: the
/// verifier key derived from its <c>audit.key</c>. Nothing is created, locked or changed.</summary>
internal static class AuditDataDirectory
{
    public static string KeyPath(string directory) => Path.Combine(directory, AuditKeyFile.FileName);

    /// <summary>The verifier key of <c>DIR/audit.key</c>.</summary>
    /// <exception cref="UsageException">There is no such file, or it is not a signer key.</exception>
    public static string VerifierKey(string directory)
    {
        string path = KeyPath(directory);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the audit key {path}: {ex.Message}");
        }

        try
        {
            using NoteSigner signer = NoteSigner.Parse(text);
            return signer.VerifierKey;
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{path} is not an audit key: {ex.Message}");
        }
    }
}
