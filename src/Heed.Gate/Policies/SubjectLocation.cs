namespace Heed.Gate.Policies;

/// <summary>Where a route finds the subject of a request.</summary>
public enum SubjectLocation
{
    Header,
    Query,
    Route,
    Claim,
    Json,
}
