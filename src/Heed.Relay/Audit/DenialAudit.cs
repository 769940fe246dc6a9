using Microsoft.Extensions.Logging;

namespace Heed.Relay.Audit;

/// <summary>
/// The most recent denials, in a bounded ring, each also written as a log line. A sample, not a record of
/// every denial: the counters carry the totals. Durable audit (receipts to the registry, a planned monitoring feature) is
/// a later step; this keeps the last few in memory for the status view and tests.
/// </summary>
public sealed partial class DenialAudit
{
    public const int DefaultCapacity = 1024;

    private readonly DenialRecord?[] _ring;
    private readonly ILogger<DenialAudit> _logger;
    private readonly Lock _gate = new();
    private long _written;

    public DenialAudit(ILogger<DenialAudit> logger, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new DenialRecord?[capacity];
        _logger = logger;
    }

    public void Add(DenialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _ring[_written % _ring.Length] = record;
            _written++;
        }

        Denied(record.Queue, record.Reason, record.Matched, record.Lsn, record.MessageId, record.EventType, record.Redelivered);
    }

    /// <summary>The retained denials, oldest first.</summary>
    public IReadOnlyList<DenialRecord> Recent()
    {
        lock (_gate)
        {
            long start = Math.Max(0, _written - _ring.Length);
            var list = new List<DenialRecord>((int)(_written - start));
            for (long i = start; i < _written; i++)
            {
                list.Add(_ring[i % _ring.Length]!);
            }

            return list;
        }
    }

    // Subjects stay out of logs (as in the SDK); the ring keeps them for whoever may read the status.
    [LoggerMessage(1, LogLevel.Information, "Denied a message of {Queue}: {Reason} ({Matched}) at LSN {Lsn}, message id {MessageId}, type {EventType}, redelivered {Redelivered}")]
    private partial void Denied(string queue, string reason, string? matched, long lsn, string? messageId, string? eventType, bool redelivered);
}
