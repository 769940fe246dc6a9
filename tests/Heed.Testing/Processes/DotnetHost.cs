using System.Runtime.InteropServices;

namespace Heed.Testing.Processes;

/// <summary>
/// The `dotnet` executable that runs this test, used to start built apps (`dotnet app.dll`).
/// A test host is an apphost, so Environment.ProcessPath is not `dotnet`.
/// </summary>
public static class DotnetHost
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/, the host in <root>/dotnet.
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = System.IO.Path.Combine(root, "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }
}
