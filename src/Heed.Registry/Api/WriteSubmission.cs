using Heed.Registry.Writes;
using Heed.Storage;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Api;

/// <summary>Submits a write and turns a refusal into its problem: 503 while writes are refused, 409 when the store refused an entry.</summary>
public static class WriteSubmission
{
    public static async Task<(WriteOutcome? Outcome, IResult? Problem)> SubmitAsync(this WritePipeline writes, NewEntry entry, HttpContext context)
    {
        try
        {
            return (await writes.SubmitAsync([entry], entry.At, context.RequestAborted), null);
        }
        catch (StoreUnavailableException ex)
        {
            return (null, Problems.Unavailable(ex.Message));
        }
        catch (LedgerEntryException ex)
        {
            return (null, Problems.Conflict(ex.Message));
        }
    }
}
