using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Heed.Testing.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends the same prepared request again and again and reads each
/// response into a reused buffer. It allocates nothing per request, so the allocations measured around it
/// in a process are the server's (its async methods use pooled builders): for allocation budgets and
/// benchmarks of a whole HTTP path.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _request;
    private readonly byte[] _buffer = new byte[64 * 1024];

    private RawHttpConnection(Socket socket, byte[] request)
    {
        _socket = socket;
        _request = request;
    }

    /// <summary>The status of the last response.</summary>
    public int LastStatus { get; private set; }

    /// <summary>The body of the last response (valid until the next send).</summary>
    public ReadOnlyMemory<byte> LastBody { get; private set; }

    /// <summary>Connects to <paramref name="baseAddress"/> (loopback) and prepares a POST of <paramref name="json"/>.</summary>
    public static async Task<RawHttpConnection> OpenAsync(Uri baseAddress, string path, string json, string? bearer = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        byte[] body = Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder()
            .Append("POST ").Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(baseAddress.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (bearer is not null)
        {
            head.Append("Authorization: Bearer ").Append(bearer).Append("\r\n");
        }

        byte[] request = [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, baseAddress.Port));
        return new RawHttpConnection(socket, request);
    }

    /// <summary>Sends the request once and reads the whole response; its status.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> SendAsync(CancellationToken cancellationToken = default)
    {
        int sent = 0;
        while (sent < _request.Length)
        {
            sent += await _socket.SendAsync(_request.AsMemory(sent), SocketFlags.None, cancellationToken);
        }

        int length = 0;
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            length += await ReceiveAsync(length, cancellationToken);
        }

        int bodyStart = headEnd + 4;
        int contentLength = ContentLength(_buffer.AsSpan(0, headEnd));
        if (contentLength < 0)
        {
            // Chunked: read up to the last chunk's terminator.
            while (_buffer.AsSpan(bodyStart, length - bodyStart).IndexOf("0\r\n\r\n"u8) < 0)
            {
                length += await ReceiveAsync(length, cancellationToken);
            }

            contentLength = length - bodyStart;
        }

        while (length < bodyStart + contentLength)
        {
            length += await ReceiveAsync(length, cancellationToken);
        }

        int status = Utf8Parser.TryParse(_buffer.AsSpan(9, 3), out int parsed, out _) ? parsed : 0;
        LastStatus = status;
        LastBody = _buffer.AsMemory(bodyStart, contentLength);
        return status;
    }

    public void Dispose() => _socket.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(int offset, CancellationToken cancellationToken)
    {
        if (offset == _buffer.Length)
        {
            throw new InvalidOperationException("the response is larger than the connection's buffer");
        }

        int read = await _socket.ReceiveAsync(_buffer.AsMemory(offset), SocketFlags.None, cancellationToken);
        return read > 0 ? read : throw new IOException("the server closed the connection");
    }

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> name = "\r\ncontent-length:"u8;
        for (int i = 0; i + name.Length <= head.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(head.Slice(i, name.Length), name))
            {
                ReadOnlySpan<byte> rest = head[(i + name.Length)..].TrimStart((byte)' ');
                return Utf8Parser.TryParse(rest, out int value, out _) ? value : -1;
            }
        }

        return -1;
    }
}
