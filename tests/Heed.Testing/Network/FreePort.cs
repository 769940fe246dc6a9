using System.Net;
using System.Net.Sockets;

namespace Heed.Testing.Network;

/// <summary>Free TCP ports on 127.0.0.1, chosen by the kernel.</summary>
public static class FreePort
{
    /// <summary>One port that was free a moment ago.</summary>
    public static int Next() => Next(1)[0];

    /// <summary>
    /// <paramref name="count"/> distinct ports. All listeners are held until every port is chosen,
    /// so the kernel cannot hand out the same port twice.
    /// </summary>
    public static IReadOnlyList<int> Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
