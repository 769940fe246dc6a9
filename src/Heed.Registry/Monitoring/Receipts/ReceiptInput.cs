using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Protocol.Receipts;
using Heed.Storage.Monitoring;

namespace Heed.Registry.Monitoring.Receipts;

/// <summary>Validation of a receipt batch: every problem is collected, named by the receipt's index.</summary>
public static class ReceiptInput
{
    /// <summary>The receipts to store, or null with <paramref name="errors"/> filled.</summary>
    public static IReadOnlyList<NewReceipt>? Validate(ReceiptBatch batch, PurposeTaxonomy taxonomy, Dictionary<string, string[]> errors)
    {
        if (batch.Receipts is null)
        {
            errors["receipts"] = ["the receipts are required"];
            return null;
        }

        if (batch.Receipts.Count > ReceiptLimits.BatchLimit)
        {
            errors["receipts"] = [$"at most {ReceiptLimits.BatchLimit} receipts in one batch"];
            return null;
        }

        if (batch.Reporter is { } reporter)
        {
            Text(reporter.Id, "reporter.id", errors, required: true);
            Text(reporter.Kind, "reporter.kind", errors, required: true);
            if (reporter.Dropped < 0)
            {
                errors["reporter.dropped"] = ["a count, 0 or more"];
            }
        }

        var receipts = new List<NewReceipt>(batch.Receipts.Count);
        for (int i = 0; i < batch.Receipts.Count; i++)
        {
            ReceiptItem? item = batch.Receipts[i];
            string at = $"receipts[{i}]";
            if (item is null)
            {
                errors[at] = ["a receipt is an object"];
                continue;
            }

            string? subject = null;
            if (item.Subject is null)
            {
                errors[at + ".subject"] = ["the subject is required"];
            }
            else if (SubjectParser.TryNormalize(item.Subject, out string canonical) is var error && error != SubjectError.None)
            {
                errors[at + ".subject"] = [SubjectErrors.Describe(error)];
            }
            else
            {
                subject = canonical;
            }

            string? purpose = null;
            if (item.Purpose is null)
            {
                errors[at + ".purpose"] = ["the purpose is required"];
            }
            else if (!taxonomy.TryGet(item.Purpose, out Purpose known))
            {
                errors[at + ".purpose"] = [$"unknown purpose; GET /v1/purposes lists them"];
            }
            else
            {
                purpose = known.Name;
            }

            string? service = Text(item.Service, at + ".service", errors, required: true);
            string? eventId = Text(item.EventId, at + ".eventId", errors, required: true);
            string? id = Text(item.Id, at + ".id", errors, required: false);
            string? decisionId = Text(item.DecisionId, at + ".decisionId", errors, required: false);
            string? point = Text(item.EnforcementPoint, at + ".enforcementPoint", errors, required: false);
            if (item.ProcessedAt is null)
            {
                errors[at + ".processedAt"] = ["the time the event was processed is required"];
            }

            if (item.Lsn is < 0)
            {
                errors[at + ".lsn"] = ["an LSN, 0 or more"];
            }

            if (subject is not null && purpose is not null && service is not null && eventId is not null && item.ProcessedAt is { } processedAt)
            {
                receipts.Add(new NewReceipt(id ?? Guid.CreateVersion7().ToString("N"), subject, purpose, service, eventId, processedAt, decisionId, item.Lsn, point));
            }
        }

        return errors.Count == 0 ? receipts : null;
    }

    private static string? Text(string? value, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (value is null || value.Length == 0)
        {
            if (required)
            {
                errors[field] = ["required"];
            }

            return null;
        }

        if (value.Length > ReceiptLimits.MaxFieldLength)
        {
            errors[field] = [$"at most {ReceiptLimits.MaxFieldLength} characters"];
            return null;
        }

        foreach (char c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                errors[field] = ["printable text only"];
                return null;
            }
        }

        return value;
    }
}
