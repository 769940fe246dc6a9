using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Heed.Testing.Processes;

/// <summary>
/// A real child process whose stdout and stderr lines are captured, so a test can await
/// "the server said it is listening" instead of sleeping. Disposing kills this PID and nothing else.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<OutputLine> _lines = [];
    private readonly List<LineWaiter> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<OutputLine>? _onLine;
    private int _openStreams = 2;
    private bool _disposed;

    private ChildProcess(ChildProcessOptions options)
    {
        Name = options.Name ?? Path.GetFileName(options.FileName);
        _onLine = options.OnLine;

        var start = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Kept open and empty: the child neither reads the test host's stdin nor sees an EOF it
            // might take as "quit".
            RedirectStandardInput = true,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnData(OutputStream.StandardOutput, e.Data);
        _process.ErrorDataReceived += (_, e) => OnData(OutputStream.StandardError, e.Data);
        _process.Exited += (_, _) => OnExited();
        _process.Start();
        Pid = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid { get; }

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public StreamWriter StandardInput => _process.StandardInput;

    public static ChildProcess Start(ChildProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ChildProcess(options);
    }

    /// <summary>
    /// Completes with the first line (from line index <paramref name="fromLine"/> on, already printed or
    /// still to come) that <paramref name="match"/> accepts. Throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>, or <see cref="ChildProcessExitedException"/> if the process ends first.
    /// </summary>
    public async Task<string> WaitForLineAsync(
        Func<string, bool> match,
        TimeSpan timeout,
        int fromLine = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        LineWaiter waiter;
        lock (_gate)
        {
            for (var i = fromLine; i < _lines.Count; i++)
            {
                if (match(_lines[i].Text))
                {
                    return _lines[i].Text;
                }
            }

            if (HasExited && _outputClosed.Task.IsCompleted)
            {
                throw Exited("before printing the awaited line");
            }

            waiter = new LineWaiter(match);
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{Name} (pid {Pid}) printed no matching line within {timeout.TotalSeconds:0.###} s. Last lines:\n{Tail(30)}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public Task<string> WaitForLineAsync(
        Regex pattern,
        TimeSpan timeout,
        int fromLine = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return WaitForLineAsync(pattern.IsMatch, timeout, fromLine, cancellationToken);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{Name} (pid {Pid}) did not exit within {timeout.TotalSeconds:0.###} s. Last lines:\n{Tail(30)}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until stdout and stderr are closed, so <see cref="Lines"/> is complete. A grandchild that
    /// inherited the pipes can hold them open after the process exits; hence the timeout.
    /// </summary>
    public Task WaitForOutputClosedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _outputClosed.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>SIGKILL to this PID only (not its children): the crash a test wants to survive.</summary>
    public void Kill()
    {
        if (HasExited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>SIGSTOP: the process stays alive but does nothing (a hung or partitioned node).</summary>
    public void Pause() => UnixProcess.Signal(Pid, UnixSignal.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => UnixProcess.Signal(Pid, UnixSignal.Continue);

    public bool Signal(UnixSignal signal) => !HasExited && UnixProcess.Signal(Pid, signal);

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!HasExited)
        {
            // A paused process only acts on SIGTERM once it runs again.
            Signal(UnixSignal.Continue);
            Signal(UnixSignal.Terminate);
            try
            {
                await _exited.Task.WaitAsync(grace, cancellationToken);
            }
            catch (TimeoutException)
            {
                Kill();
            }
        }

        return await WaitForExitAsync(DisposeWait, cancellationToken);
    }

    /// <summary>The last <paramref name="count"/> lines, for error messages.</summary>
    public string Tail(int count)
    {
        var builder = new StringBuilder();
        lock (_gate)
        {
            foreach (var line in _lines.Skip(Math.Max(0, _lines.Count - count)))
            {
                builder.AppendLine(line.ToString());
            }
        }

        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        try
        {
            await _exited.Task.WaitAsync(DisposeWait);
        }
        catch (TimeoutException)
        {
            // SIGKILL cannot be ignored; only a process stuck in the kernel gets here, and there is
            // nothing more a test can do about it.
        }

        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Pid})";

    private void OnData(OutputStream stream, string? text)
    {
        if (text is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _outputClosed.TrySetResult();
                FailWaitersIfFinished();
            }

            return;
        }

        var line = new OutputLine(stream, text, _clock.Elapsed);
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters)
            {
                if (waiter.Match(text))
                {
                    waiter.Completion.TrySetResult(text);
                }
            }
        }

        try
        {
            _onLine?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // Test output sinks throw once their test has finished; the line is still in Lines.
        }
    }

    private void OnExited()
    {
        _exited.TrySetResult();
        FailWaitersIfFinished();
    }

    private void FailWaitersIfFinished()
    {
        if (!HasExited || !_outputClosed.Task.IsCompleted)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetException(Exited("before printing the awaited line"));
            }
        }
    }

    private ChildProcessExitedException Exited(string what) =>
        new($"{Name} (pid {Pid}) exited with code {_process.ExitCode} {what}. Last lines:\n{Tail(30)}", _process.ExitCode);

    private sealed record LineWaiter(Func<string, bool> Match)
    {
        public TaskCompletionSource<string> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
