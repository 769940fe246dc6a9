namespace Heed.Relay.Messages;

/// <summary>What a message says about itself: its canonical subject and CloudEvents type, or
/// why the subject could not be found (<see cref="Problem"/>, a quarantine reason).</summary>
public readonly record struct SubjectResult(string? Subject, string? EventType, string? Problem)
{
    public static SubjectResult Unresolvable(string problem, string? eventType = null) => new(null, eventType, problem);
}
