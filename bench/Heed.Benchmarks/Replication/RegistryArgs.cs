namespace Heed.Benchmarks.Replication;

/// <summary>
/// The arguments every write → enforced driver of a running registry starts with:
/// <c>MODE KEY_FILE REGISTRY_URL …</c>. The key file holds a key that may write and replicate (admin).
/// </summary>
internal sealed record RegistryArgs(string Key, string Registry)
{
    public static async Task<RegistryArgs?> ReadAsync(string[] args, int count, string usage)
    {
        if (args.Length < count)
        {
            Console.Error.WriteLine("usage: " + usage);
            return null;
        }

        return new RegistryArgs((await File.ReadAllTextAsync(args[1])).Trim(), args[2]);
    }
}
