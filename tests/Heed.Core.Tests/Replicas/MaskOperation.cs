namespace Heed.Core.Tests.Replicas;

/// <summary>One registry write in a generated history: an opt-out (<see cref="IsSet"/>) or a clear.</summary>
public sealed record MaskOperation(int Subject, string Purpose, bool IsSet)
{
    public override string ToString() => $"{(IsSet ? "set" : "clear")} user:{Subject} {Purpose}";
}
