namespace Heed.Storage.Sqlite;

/// <summary>
/// A row of a <see cref="SqliteMultiRowInsert"/> failed: <see cref="Row"/> is its index in the caller's list,
/// or −1 when a statement of several rows failed and SQLite does not say which one.
/// </summary>
internal sealed class SqliteRowException(int row, Exception inner) : Exception(inner.Message, inner)
{
    public int Row { get; } = row;
}
