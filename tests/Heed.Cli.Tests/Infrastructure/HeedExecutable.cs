using System.Diagnostics;
using System.Text;

namespace Heed.Cli.Tests.Infrastructure;

/// <summary>
/// The real <c>heed</c>, run as a child process: <c>dotnet src/Heed.Cli/bin/&lt;Configuration&gt;/net10.0/heed.dll</c>,
/// found from the test assembly by walking up to the repository root (the directory holding Heed.slnx).
/// </summary>
public static class HeedExecutable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static string DllPath { get; } = Locate();

    /// <summary>The dotnet host running the tests (set by the SDK), else the one on PATH.</summary>
    public static string Host { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// A start info with stdout and stderr redirected. Inherited <c>HEED_*</c> and <c>Heed__*</c> variables are
    /// removed first, so a developer's own registry settings can never reach a test.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("HEED_", StringComparison.Ordinal) || k.StartsWith("Heed__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach ((string name, string? value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Runs <c>heed</c> to completion; kills it (only it) if it outlives <paramref name="timeout"/>.</summary>
    public static async Task<HeedResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args, environment)) ?? throw new InvalidOperationException("could not start heed");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"heed {string.Join(' ', args)} did not finish within {timeout ?? DefaultTimeout}:\n{await stdout}\n{await stderr}");
        }

        return new HeedResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        // The test assembly sits in tests/Heed.Cli.Tests/bin/<Configuration>/<tfm>/: heed.dll is built alongside in the same configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = output.Parent?.Name ?? "Debug";
        string tfm = output.Name;
        for (DirectoryInfo? dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Heed.slnx")))
            {
                string dll = Path.Combine(dir.FullName, "src", "Heed.Cli", "bin", configuration, tfm, "heed.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"heed.dll is not built at {dll}; build src/Heed.Cli in {configuration} first");
            }
        }

        throw new DirectoryNotFoundException($"no Heed.slnx above {AppContext.BaseDirectory}");
    }
}
