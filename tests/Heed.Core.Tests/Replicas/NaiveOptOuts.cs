using Heed.Core.Tests.Purposes;

namespace Heed.Core.Tests.Replicas;

/// <summary>The model: per subject, the set of node names it opted out of explicitly.</summary>
public sealed class NaiveOptOuts
{
    private readonly Dictionary<int, HashSet<string>> _optedOut = [];

    public IReadOnlySet<string> Of(int subject) => _optedOut.GetValueOrDefault(subject) ?? [];

    public void Apply(MaskOperation operation)
    {
        if (!_optedOut.TryGetValue(operation.Subject, out HashSet<string>? set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _optedOut.Add(operation.Subject, set);
        }

        if (operation.IsSet)
        {
            set.Add(operation.Purpose);
        }
        else
        {
            set.RemoveWhere(n => NaivePurposes.ClearedBy(n, operation.Purpose));
        }
    }

    /// <summary>Denied iff some opted-out node is the purpose, above it, or below it.</summary>
    public bool Denies(int subject, string purpose) => Of(subject).Any(n => NaivePurposes.Related(n, purpose));
}
