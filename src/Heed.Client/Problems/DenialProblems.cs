using Heed.Core.Decisions;

namespace Heed.Client.Problems;

/// <summary>Builds the problem for a denial, one type URI per reason so clients can branch on it.</summary>
internal static class DenialProblems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://heed.dev/problems/";

    public static DenialProblem Create(Decision decision, string purpose, int status, string? detail = null)
    {
        string reason = DecisionReasons.ToWire(decision.Reason);
        string matched = decision.Matched?.Name ?? purpose;
        (string type, string title, string text) = decision.Reason switch
        {
            DecisionReason.OptedOut => ("opted-out", "The subject opted out of this purpose",
                matched == purpose ? $"the subject opted out of '{purpose}'" : $"the subject opted out of '{matched}', which covers '{purpose}'"),
            DecisionReason.InvalidSubject => ("invalid-subject", "The subject is invalid",
                "the subject is not a valid 'kind:value' identifier"),
            DecisionReason.UnknownPurpose => ("unknown-purpose", "The purpose is unknown",
                $"'{Clip(purpose)}' is not a purpose of the taxonomy"),
            _ => ("unconfirmed", "The decision could not be confirmed",
                "this enforcement point cannot prove its copy of the opt-outs is fresh (no valid lease, or the consistency token was not applied in time), so it does not allow; retry later"),
        };

        return new DenialProblem(TypeBase + type, title, status, detail ?? text, reason, Clip(purpose), decision.Matched?.Name, decision.Lsn);
    }

    private static string Clip(string value) => value.Length <= 128 ? value : value[..128] + "…";
}
