using System.Text;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// One multi-row INSERT per chunk of rows: <c>INSERT … VALUES (…), (…), …</c>, with one prepared statement
/// per chunk size. A bulk append steps a few statements instead of one per row; most of a row's cost in
/// SQLite is the statement's start and step, not the row. The largest chunk stays far below SQLite's
/// 32,766 host parameters. A run of n rows takes as many largest chunks as fit, then smaller ones.
/// </summary>
internal sealed class SqliteMultiRowInsert : IDisposable
{
    /// <summary>Chunk sizes, largest first; the last is one row, so every count can be made.</summary>
    public static readonly int[] ChunkSizes = [256, 64, 8, 1];

    private readonly SqliteConnection _connection;
    private readonly string _head;
    private readonly string _row;
    private readonly string _tail;
    private readonly SqliteStatement?[] _statements = new SqliteStatement?[ChunkSizes.Length];

    /// <param name="head">The statement up to VALUES, e.g. <c>INSERT INTO t(a, b) VALUES</c>.</param>
    /// <param name="columns">The parameters of one row.</param>
    /// <param name="tail">What follows the rows (an ON CONFLICT clause), or empty.</param>
    public SqliteMultiRowInsert(SqliteConnection connection, string head, int columns, string tail)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns * ChunkSizes[0], 32_766);
        _connection = connection;
        _head = head;
        Columns = columns;
        _row = "(" + string.Join(", ", Enumerable.Repeat("?", columns)) + ")";
        _tail = tail;
    }

    public int Columns { get; }

    /// <summary>
    /// Inserts rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 of the
    /// caller's list. <paramref name="bind"/> binds one row: the statement, the row's first parameter index
    /// (1-based), the row's index in the caller's list. <paramref name="largest"/> limits the chunk size.
    /// </summary>
    /// <exception cref="SqliteRowException">A row could not be bound, or a statement failed; says which row when one row is known.</exception>
    public void Insert<TState>(TState state, int first, int count, Action<SqliteStatement, int, TState, int> bind, int largest = int.MaxValue)
    {
        int row = first;
        int end = first + count;
        while (row < end)
        {
            int choice = Choose(end - row, largest);
            int size = ChunkSizes[choice];
            SqliteStatement statement = Statement(choice);
            for (int r = 0; r < size; r++)
            {
                try
                {
                    bind(statement, (r * Columns) + 1, state, row + r);
                }
                catch (Exception ex) when (ex is FormatException or EncoderFallbackException)
                {
                    statement.ClearBindings();
                    throw new SqliteRowException(row + r, ex);
                }
            }

            try
            {
                statement.Execute();
            }
            catch (SqliteException ex)
            {
                throw new SqliteRowException(size == 1 ? row : -1, ex);
            }

            row += size;
        }
    }

    public void Dispose()
    {
        foreach (SqliteStatement? statement in _statements)
        {
            statement?.Dispose();
        }
    }

    private static int Choose(int remaining, int largest)
    {
        for (int i = 0; i < ChunkSizes.Length; i++)
        {
            if (ChunkSizes[i] <= remaining && ChunkSizes[i] <= largest)
            {
                return i;
            }
        }

        return ChunkSizes.Length - 1;
    }

    private SqliteStatement Statement(int choice)
    {
        if (_statements[choice] is { } prepared)
        {
            return prepared;
        }

        var sql = new StringBuilder(_head.Length + _tail.Length + (ChunkSizes[choice] * (_row.Length + 2)));
        sql.Append(_head).Append(' ');
        for (int r = 0; r < ChunkSizes[choice]; r++)
        {
            sql.Append(r == 0 ? string.Empty : ", ").Append(_row);
        }

        sql.Append(' ').Append(_tail).Append(';');
        return _statements[choice] = new SqliteStatement(_connection, sql.ToString());
    }
}
