namespace Heed.Storage.Sqlite;

/// <summary>
/// When the embedded store checkpoints its WAL (docs/operations.md, "The WAL and checkpoints"). The writer
/// never checkpoints: a PASSIVE checkpoint runs beside it on another connection once it has written
/// <see cref="PassivePages"/> pages since the last one; if the WAL still holds <see cref="RestartPages"/>
/// frames after that (writes kept coming faster than the checkpoint caught up), a RESTART checkpoint makes
/// the next commit start the WAL over, which holds the writer for as long as the rest takes to copy. After
/// <see cref="Idle"/> without a write, a TRUNCATE checkpoint empties the WAL file. A WAL that starts over
/// is cut back to <see cref="WalSizeLimitBytes"/>.
/// </summary>
public sealed record SqliteCheckpointPolicy(int PassivePages, int RestartPages, TimeSpan Idle, long WalSizeLimitBytes)
{
    /// <summary>PASSIVE every 4,096 pages (16 MiB of 4 KiB pages), RESTART past 32,768 frames (128 MiB), TRUNCATE after 500 ms idle, WAL cut back to 64 MiB.</summary>
    public static SqliteCheckpointPolicy Default { get; } = new(4_096, 32_768, TimeSpan.FromMilliseconds(500), 64L * 1024 * 1024);

    /// <summary>Every error at once: a policy that cannot work is refused before the store opens.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (PassivePages < 1)
        {
            errors.Add("PassivePages must be at least 1");
        }

        if (RestartPages < PassivePages)
        {
            errors.Add("RestartPages must be at least PassivePages");
        }

        if (Idle <= TimeSpan.Zero)
        {
            errors.Add("Idle must be positive");
        }

        if (WalSizeLimitBytes < 0)
        {
            errors.Add("WalSizeLimitBytes must not be negative");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("the checkpoint policy is invalid: " + string.Join("; ", errors));
        }
    }
}
