using System.Globalization;
using Heed.Registry.Hosting;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Heed.Storage.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>
/// Receipt detection (docs/monitoring.md): tails the receipt store in arrival order, woken by each append, judges
/// every receipt (<see cref="ReceiptJudge"/>) and records what it shows with its evidence. Its cursor, the seq of the
/// last receipt judged, is kept in <c>monitoring.db</c> and saved after the receipts up to it are recorded; each
/// violation is keyed by its receipt and kind, so receipts judged again after a crash are recorded once, and none is
/// skipped.
/// </summary>
public sealed partial class ViolationDetector(
    ReceiptStore receipts,
    ViolationStore store,
    ViolationLog log,
    ViolationEvidence evidence,
    ILedgerStore ledger,
    RegistryState state,
    EnforcementRecorder enforcement,
    RegistryOptions options,
    TimeProvider time,
    ILogger<ViolationDetector> logger) : BackgroundService
{
    public const string CursorName = "violations.receipts";

    private const int PageSize = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Pulse _appended = new();
    private readonly Pulse _judged = new();
    private long _judgedSeq = -1;

    /// <summary>The seq of the last receipt judged; -1 before the detector has read its cursor.</summary>
    public long JudgedSeq => Interlocked.Read(ref _judgedSeq);

    /// <summary>Waits, at most <paramref name="timeout"/>, until every receipt up to <paramref name="seq"/> is judged.</summary>
    public ValueTask<bool> WaitJudgedAsync(long seq, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _judged.WaitUntilAsync(() => JudgedSeq >= seq, timeout, time, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        receipts.Appended += OnAppended;
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            receipts.Appended -= OnAppended;
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (JudgedSeq < 0)
                {
                    await log.RaiseUnalertedAsync(stoppingToken);
                    Interlocked.Exchange(ref _judgedSeq, store.ReadCursor(CursorName));
                    _judged.Signal();
                }

                IReadOnlyList<StoredReceipt> page = receipts.ReadAfter(JudgedSeq, PageSize);
                if (page.Count == 0)
                {
                    await _appended.WaitUntilAsync(() => receipts.LastSeq > JudgedSeq, Timeout.InfiniteTimeSpan, time, stoppingToken);
                    continue;
                }

                var judge = new ReceiptJudge(options.Monitoring, state.Taxonomy, enforcement.EnforcedAt, state.Overrides.List());
                foreach (StoredReceipt receipt in page)
                {
                    await JudgeAsync(judge, receipt, stoppingToken);
                }

                await store.SaveCursorAsync(CursorName, page[^1].Seq, stoppingToken);
                Interlocked.Exchange(ref _judgedSeq, page[^1].Seq);
                _judged.Signal();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store error: the cursor did not move, so the same receipts are judged again.
                LogFailed(logger, ex);
                await Task.Delay(RetryAfter, time, stoppingToken);
            }
        }
    }

    private async Task JudgeAsync(ReceiptJudge judge, StoredReceipt receipt, CancellationToken cancellationToken)
    {
        IReadOnlyList<LedgerEntry> history = await ledger.ReadHistoryAsync(receipt.Subject, cancellationToken);
        foreach (ReceiptFinding finding in judge.Judge(receipt, history))
        {
            var evidenceOf = await evidence.BuildAsync(receipt, finding, judge.Involved(receipt, history), Rule(finding.Kind), cancellationToken);
            await log.RecordOnceAsync(
                new NewViolation(finding.Kind, ViolationLog.SeverityOf(finding.Kind), receipt.Service, receipt.EnforcementPoint, receipt.Subject, receipt.Purpose, receipt.ProcessedAt, finding.Summary, evidenceOf),
                $"receipt:{receipt.Id}:{finding.Kind}",
                cancellationToken);
        }
    }

    private Dictionary<string, string> Rule(string kind) => kind switch
    {
        ViolationKinds.TooOld => new() { ["kind"] = kind, ["maxDecisionAge"] = options.Monitoring.MaxDecisionAge.ToString("c", CultureInfo.InvariantCulture) },
        ViolationKinds.Canary => new() { ["kind"] = kind, ["canaryPrefix"] = options.Monitoring.CanaryPrefix },
        _ => new() { ["kind"] = kind },
    };

    private void OnAppended(long seq) => _appended.Signal();

    [LoggerMessage(Level = LogLevel.Error, Message = "Violation detection failed; the receipts after its cursor are judged again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
