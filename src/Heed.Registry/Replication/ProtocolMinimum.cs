using Heed.Protocol;
using Heed.Registry.Settings;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Replication;

/// <summary>
/// The oldest protocol version the registry serves (<see cref="RegistrySettings.MinProtocolVersion"/>), and
/// a token per older version that is cancelled when the minimum rises above it: the streams of replicas that
/// speak it end, so they get no more leases and fail closed within one (docs/replication.md).
/// </summary>
public sealed class ProtocolMinimum : IDisposable
{
    private readonly Lock _lock = new();
    private readonly RegistryState _state;
    private readonly Dictionary<uint, CancellationTokenSource> _below = [];

    public ProtocolMinimum(RegistryState state)
    {
        _state = state;
        _state.Applied += OnApplied;
    }

    /// <summary>The minimum now.</summary>
    public uint Current => _state.Settings.MinProtocolVersion;

    /// <summary>Null when a replica speaking <paramref name="version"/> is served; otherwise the refusal, naming both versions.</summary>
    public string? Refusal(uint version)
    {
        uint minimum = Current;
        return version >= minimum
            ? null
            : $"replica protocol version {version} is below the registry's minimum {minimum} (the registry speaks {ProtocolVersions.Current}); upgrade the enforcement point";
    }

    /// <summary>Cancelled once the minimum is above <paramref name="version"/> (at once if it is already).</summary>
    public CancellationToken WhenAbove(uint version)
    {
        // The minimum never exceeds the version this registry speaks, so a replica speaking it can never be refused.
        if (version >= ProtocolVersions.Current)
        {
            return CancellationToken.None;
        }

        lock (_lock)
        {
            if (Current > version)
            {
                return new CancellationToken(canceled: true);
            }

            if (!_below.TryGetValue(version, out CancellationTokenSource? source))
            {
                _below[version] = source = new CancellationTokenSource();
            }

            return source.Token;
        }
    }

    public void Dispose()
    {
        _state.Applied -= OnApplied;
        lock (_lock)
        {
            foreach (CancellationTokenSource source in _below.Values)
            {
                source.Dispose();
            }

            _below.Clear();
        }
    }

    /// <summary>On the writer, after a commit was applied: a setting may have raised the minimum.</summary>
    private void OnApplied(AppliedBatch batch)
    {
        if (!batch.Entries.Any(e => e.Kind == EntryKinds.SettingSet))
        {
            return;
        }

        List<CancellationTokenSource> raised = [];
        lock (_lock)
        {
            uint minimum = Current;
            foreach ((uint version, CancellationTokenSource source) in _below.Where(b => b.Key < minimum).ToList())
            {
                _below.Remove(version);
                raised.Add(source);
            }
        }

        foreach (CancellationTokenSource source in raised)
        {
            source.Cancel();
        }
    }
}
