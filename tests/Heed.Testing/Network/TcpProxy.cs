using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Heed.Testing.Network;

/// <summary>
/// A loopback TCP forwarder whose connections a test can cut, to drop a replica's stream without
/// touching either process.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Upstream)> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _nextId;
    private int _accepted;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Closes every open connection; new ones are still accepted.</summary>
    public int CutAll()
    {
        int cut = 0;
        foreach (int id in _connections.Keys)
        {
            if (_connections.TryRemove(id, out var pair))
            {
                // Dispose resets both sockets; the pump sees the error and ends the pair.
                pair.Client.Dispose();
                pair.Upstream.Dispose();
                cut++;
            }
        }

        return cut;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            int id = Interlocked.Increment(ref _nextId);
            _connections[id] = (client, upstream);
            _ = PumpAsync(id, client, upstream);
        }
    }

    private async Task PumpAsync(int id, TcpClient client, TcpClient upstream)
    {
        try
        {
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut or a closed side ends the pair.
        }
        finally
        {
            _connections.TryRemove(id, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }
}
