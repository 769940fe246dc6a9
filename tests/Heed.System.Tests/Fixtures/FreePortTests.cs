using System.Net;
using System.Net.Sockets;
using Heed.Testing.Network;

namespace Heed.System.Tests.Fixtures;

public sealed class FreePortTests
{
    [Fact]
    public void Next_SeveralPorts_AreDistinctAndBindable()
    {
        var ports = FreePort.Next(5);

        ports.Distinct().Count().ShouldBe(5);
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
