using Heed.Core.Leases;
using Heed.Storage.DataDirectory;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

/// <summary>
/// Whether this registry can prove it is the one registry of its store. On the embedded store that is
/// the lock on the data directory, checked every <see cref="RegistryOptions.LockCheck"/>: a lock file
/// removed or replaced means another registry may be writing the same store, so from then on this one
/// grants no leases, takes no writes and answers its own checks <c>unconfirmed</c>. A lost lock is never
/// regained; only a restart, which takes the lock again or refuses to start, ends it.
/// </summary>
public sealed partial class StoreOwnership : IDisposable
{
    private readonly Lock _gate = new();
    private readonly DataDirectoryLock? _lock;
    private readonly LeaseClock _sourceOfTruth;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private string? _lost;
    private bool _disposed;

    /// <param name="directoryLock">The data directory's lock, or null for a store that fences itself (none in this build).</param>
    /// <param name="sourceOfTruth">The lease of the registry's own state, revoked once ownership is lost.</param>
    public StoreOwnership(DataDirectoryLock? directoryLock, LeaseClock sourceOfTruth, TimeSpan checkEvery, TimeProvider time, ILogger<StoreOwnership> logger)
    {
        _lock = directoryLock;
        _sourceOfTruth = sourceOfTruth;
        _logger = logger;
        if (directoryLock is not null)
        {
            _timer = time.CreateTimer(_ => Check(), null, checkEvery, checkEvery);
        }
    }

    /// <summary>Null while ownership holds; otherwise why it was lost.</summary>
    public string? LostReason => Volatile.Read(ref _lost);

    public bool IsHeld => LostReason is null;

    /// <summary>Checks the lock now (the timer also does, periodically).</summary>
    public void Check()
    {
        lock (_gate)
        {
            if (_disposed || _lost is not null || _lock?.Check() is not { } reason)
            {
                return;
            }

            Volatile.Write(ref _lost, reason);
            _sourceOfTruth.Revoke();
            Log.Lost(_logger, reason);
        }
    }

    /// <summary>Stops checking and releases the lock, so the next registry can take the directory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _lock?.Dispose();
        }
    }
}
