namespace Heed.Testing.Postgres;

public sealed record PostgresServerOptions
{
    /// <summary>Where initdb, pg_ctl and postgres are (Debian's PostgreSQL 15 by default).</summary>
    public string BinDirectory { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>
    /// fsync stays on by default: store tests that kill -9 a process must see real durable commits.
    /// Turn it off only for tests that do not care and want speed.
    /// </summary>
    public bool Fsync { get; init; } = true;

    /// <summary>Extra postgresql.conf settings, e.g. ["max_connections"] = "200".</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
