using Heed.Testing.Postgres;
using Heed.Testing.Processes;
using Npgsql;

namespace Heed.System.Tests.Fixtures;

public sealed class PostgresServerTests
{
    [Fact(Timeout = 180_000)]
    public async Task StartAsync_FreshCluster_AcceptsQueriesOnLoopback()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PostgresServer.StartAsync(cancellationToken: ct);

        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        await using var command = dataSource.CreateCommand("select inet_server_addr()::text || ' ' || current_setting('fsync')");
        var answer = (string?)await command.ExecuteScalarAsync(ct);

        answer.ShouldBe("127.0.0.1/32 on");
    }

    [Fact(Timeout = 180_000)]
    public async Task StopAsync_ThenStartAgain_KeepsPortAndData()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PostgresServer.StartAsync(cancellationToken: ct);
        await ExecuteAsync(server.ConnectionString, "create table t(v int); insert into t values (42)", ct);
        var firstPid = server.Pid!.Value;

        // Act
        await server.StopAsync(ct);
        var stoppedPid = server.Pid;
        await server.StartAgainAsync(ct);

        // Assert
        stoppedPid.ShouldBeNull();
        UnixProcess.IsRunning(firstPid).ShouldBeFalse();
        server.IsRunning.ShouldBeTrue();
        (await ExecuteAsync(server.ConnectionString, "select v from t", ct)).ShouldBe(42);
    }

    [Fact(Timeout = 180_000)]
    public async Task DisposeAsync_RunningCluster_StopsPostmasterAndDeletesDirectory()
    {
        var server = await PostgresServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var pid = server.Pid!.Value;

        await server.DisposeAsync();

        UnixProcess.IsRunning(pid).ShouldBeFalse();
        Directory.Exists(server.DataDirectory).ShouldBeFalse();
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        // No pooling: a pooled connection would outlive the server restart and fail the next query.
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
