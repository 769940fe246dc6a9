using Microsoft.Data.Sqlite;

namespace Heed.Storage.Tests.Sqlite;

/// <summary>A database file read through a connection of its own, as another process would see it.</summary>
public static class SqliteFile
{
    public static object? Scalar(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
