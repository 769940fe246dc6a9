using System.Net;
using System.Net.Sockets;
using System.Text;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>A JSON body over the limit is refused with 413 and never buffered without bound.</summary>
public sealed class BodyLimitTests(GateServer server) : IClassFixture<GateServer>
{
    [Fact]
    public async Task Request_ChunkedBodyOfManyMegabytes_Gets413AndUpstreamSeesNothing()
    {
        // Arrange: 64 MB offered as a chunked stream over a raw socket, reading the answer while sending,
        // as a client that streams would (HttpClient gives up on the body once the server answers early).
        string trace = Guid.NewGuid().ToString("N");
        const long total = 64L * 1024 * 1024;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Gate.Url.Port, TestContext.Current.CancellationToken);
        NetworkStream stream = tcp.GetStream();
        string head = $"POST /json/block HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n{Upstream.TraceHeader}: {trace}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        long sent = 0;
        using var stop = new CancellationTokenSource();
        Task sending = Task.Run(async () =>
        {
            byte[] chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string(' ', 0x10000) + "\r\n");
            try
            {
                while (sent < total && !stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk, stop.Token);
                    Interlocked.Add(ref sent, 0x10000);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The gate answered and closed the connection: exactly what is expected.
            }
        }, TestContext.Current.CancellationToken);

        // Act
        var reader = new StreamReader(stream, Encoding.ASCII);
        string? status = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(GateServer.Wait, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        tcp.Close();
        await sending;

        // Assert
        status.ShouldBe("HTTP/1.1 413 Payload Too Large");
        // The evidence that the gate did not read the whole body is in bytes, not seconds: it answered
        // while the sender still had part of the body to send.
        Interlocked.Read(ref sent).ShouldBeLessThan(total);
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Fact]
    public async Task Request_DeclaredLengthOverLimit_Gets413WithoutReading()
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/json/redact") { Content = new ByteArrayContent(new byte[GateConfig.JsonLimit + 1]) };
        request.Headers.Add(Upstream.TraceHeader, trace);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }
}
