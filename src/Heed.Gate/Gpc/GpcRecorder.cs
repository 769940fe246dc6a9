using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Heed.Client;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Gate.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heed.Gate.Gpc;

/// <summary>
/// Records a Global Privacy Control signal as a sticky opt-out (source <c>gpc</c>) of the purposes GPC maps
/// to, through the registry's HTTP API. Writes only when the replica does not already show the opt-out and
/// the subject was not recorded recently; concurrent requests of one subject share one write.
/// </summary>
public sealed partial class GpcRecorder
{
    public const string HttpClientName = "heed-registry";
    private readonly ConcurrentDictionary<string, Recorded> _recent = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _clients;
    private readonly IHeedEnforcer _enforcer;
    private readonly GateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GpcRecorder> _logger;

    public GpcRecorder(IHttpClientFactory clients, IHeedEnforcer enforcer, IOptions<GateOptions> options, TimeProvider time, ILogger<GpcRecorder> logger)
    {
        _clients = clients;
        _enforcer = enforcer;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The bits of the GPC purposes in the replica's taxonomy, to deny them locally at once.</summary>
    public static PurposeBits Mask(PurposeTaxonomy taxonomy)
    {
        PurposeBits mask = PurposeBits.Empty;
        foreach (string name in DefaultTaxonomy.GpcPurposes)
        {
            if (taxonomy.TryGet(name, out Purpose purpose) && purpose.Bit >= 0)
            {
                mask |= PurposeBits.Of(purpose.Bit);
            }
        }

        return mask;
    }

    /// <summary>True once the registry holds the opt-out (or the replica already shows it); false on error.</summary>
    /// <param name="subject">The canonical subject.</param>
    /// <param name="cancellationToken">Stops waiting; the write itself carries on.</param>
    public async ValueTask<bool> EnsureRecordedAsync(string subject, CancellationToken cancellationToken)
    {
        if (ReplicaShowsOptOut(subject))
        {
            return true;
        }

        long now = _time.GetTimestamp();
        if (_recent.TryGetValue(subject, out Recorded? recorded)
            && _time.GetElapsedTime(recorded.At, now) < _options.GpcCacheTtl
            && !recorded.Failed)
        {
            return await recorded.Started.Task.Unwrap().WaitAsync(cancellationToken);
        }

        if (_recent.Count >= _options.GpcCacheSize)
        {
            // Bounded: starting over costs at most one extra write per subject.
            _recent.Clear();
        }

        var fresh = new Recorded(now);
        Recorded winner = _recent.AddOrUpdate(subject, fresh, (_, existing) => existing.Failed || _time.GetElapsedTime(existing.At, now) >= _options.GpcCacheTtl ? fresh : existing);
        if (ReferenceEquals(winner, fresh))
        {
            _ = WriteAsync(subject, fresh);
        }

        return await winner.Started.Task.Unwrap().WaitAsync(cancellationToken);
    }

    private bool ReplicaShowsOptOut(string subject)
    {
        ReplicaState replica = _enforcer.Replica;
        foreach (string purpose in DefaultTaxonomy.GpcPurposes)
        {
            if (replica.Check(subject, purpose).Reason != DecisionReason.OptedOut)
            {
                return false;
            }
        }

        return true;
    }

    private Task<bool> WriteAsync(string subject, Recorded entry)
    {
        Task<bool> write = WriteCoreAsync(subject, entry);
        entry.Started.SetResult(write);
        return write;
    }

    private async Task<bool> WriteCoreAsync(string subject, Recorded entry)
    {
        // The write outlives the request that caused it: a client hanging up must not cancel the record.
        using var timeout = new CancellationTokenSource(_options.GpcWriteTimeout, _time);
        try
        {
            HttpClient client = _clients.CreateClient(HttpClientName);
            var writes = new List<Task<HttpResponseMessage>>();
            foreach (string purpose in DefaultTaxonomy.GpcPurposes)
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{purpose}")
                {
                    Content = new StringContent("{\"source\":\"gpc\"}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.WriterKey);
                writes.Add(client.SendAsync(request, timeout.Token));
            }

            HttpResponseMessage[] responses = await Task.WhenAll(writes);
            bool ok = true;
            foreach (HttpResponseMessage response in responses)
            {
                if (!response.IsSuccessStatusCode)
                {
                    ok = false;
                    LogWriteRefused(_logger, (int)response.StatusCode);
                }

                response.Dispose();
            }

            if (ok)
            {
                LogRecorded(_logger);
            }

            entry.Failed = !ok;
            return ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogWriteFailed(_logger, ex);
            entry.Failed = true;
            return false;
        }
    }

    /// <summary>One subject's write; <see cref="Failed"/> lets the next request try again.</summary>
    private sealed class Recorded(long at)
    {
        public long At { get; } = at;

        public TaskCompletionSource<Task<bool>> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private volatile bool _failed;

        public bool Failed
        {
            get => _failed;
            set => _failed = value;
        }
    }
}
