using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Heed.Testing.Processes;

namespace Heed.Cli.Tests.Infrastructure;

/// <summary>
/// A real <c>heed serve</c> child process on 127.0.0.1 with its own data directory and a random admin key;
/// one per test class. Ports are 0 and the bound address is read from the "listening on" line, so parallel
/// classes never race for a port. Disposal kills this process (and its children) only.
/// </summary>
public sealed partial class RegistryProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly StringBuilder _log = new();
    private readonly Lock _logGate = new();
    private Process? _process;
    private Uri? _url;

    public string AdminKey { get; } = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "heed-cli-tests", Guid.NewGuid().ToString("N"));

    public Uri Url => _url ?? throw new InvalidOperationException("the registry is not started");

    public string Log
    {
        get
        {
            lock (_logGate)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        ProcessStartInfo info = HeedExecutable.StartInfo(
            ["serve", "--data", DataDirectory, "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["HEED_ADMIN_KEY"] = AdminKey });
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"heed serve exited before listening:\n{Log}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            _url = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"heed serve did not say 'listening on' within {StartTimeout}:\n{Log}");
        }
    }

    /// <summary>Runs <c>heed</c> against this registry with the admin key.</summary>
    public Task<HeedResult> RunAsync(params string[] args) => RunWithKeyAsync(AdminKey, args);

    /// <summary>Runs <c>heed</c> against this registry with <paramref name="key"/> in HEED_KEY (null: none).</summary>
    public Task<HeedResult> RunWithKeyAsync(string? key, params string[] args) =>
        HeedExecutable.RunAsync(args, new Dictionary<string, string?> { ["HEED_REGISTRY"] = Url.ToString(), ["HEED_KEY"] = key });

    /// <summary>The registry's committed head, from <c>/readyz</c> (shown to a key holder): unchanged means nothing was written.</summary>
    public async Task<long> GetHeadAsync()
    {
        using var http = new HttpClient { BaseAddress = Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        JsonElement health = await http.GetFromJsonAsync<JsonElement>("/readyz");
        return health.GetProperty("lsn").GetInt64();
    }

    /// <summary>Stops the registry gracefully (SIGTERM), as an operator would, and waits for it to exit; its data
    /// directory stays until disposal.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        Process process = _process ?? throw new InvalidOperationException("the registry is not started");
        UnixProcess.Signal(process.Id, UnixSignal.Terminate);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"heed serve did not exit within {timeout} of SIGTERM:\n{Log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created: the server failed before opening its store.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            _log.AppendLine(line);
        }
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
