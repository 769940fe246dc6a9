using Heed.Gate.Policies;

namespace Heed.Gate.Tests.Configuration;

/// <summary>A route in CloudEvents mode takes purposes and subject from each event's schema version, never from its metadata.</summary>
public sealed class CloudEventRouteTests
{
    [Fact]
    public void Parse_CloudEventsAlone_ValidWithoutPurposesOrSubject()
    {
        var errors = new List<string>();

        RoutePolicy? policy = RoutePolicyParser.Parse("events", new Dictionary<string, string> { ["Heed.CloudEvents"] = "true", ["Heed.OnDeny"] = "drop" }, false, errors);

        errors.ShouldBeEmpty();
        policy!.CloudEvents.ShouldBeTrue();
        policy.Purposes.ShouldBeEmpty();
        policy.OnDeny.ShouldBe(DenyAction.Drop);
    }

    [Fact]
    public void Parse_CloudEventsWithRouteExtraction_EveryConflictReported()
    {
        var errors = new List<string>();
        var metadata = new Dictionary<string, string>
        {
            ["Heed.CloudEvents"] = "true",
            ["Heed.Purposes"] = "analytics",
            ["Heed.Subject"] = "header:X-User-Id",
            ["Heed.SubjectOptional"] = "true",
            ["Heed.OnDeny"] = "redact",
            ["Heed.Redact"] = "X-Ad-Id",
        };

        RoutePolicy? policy = RoutePolicyParser.Parse("events", metadata, false, errors);

        policy.ShouldBeNull();
        errors.Count(e => e.Contains("does not apply with Heed.CloudEvents", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Fact]
    public void Parse_CloudEventsNotABoolean_Error()
    {
        var errors = new List<string>();

        RoutePolicyParser.Parse("events", new Dictionary<string, string> { ["Heed.CloudEvents"] = "yes" }, false, errors).ShouldBeNull();

        errors.ShouldContain(e => e.Contains("Heed.CloudEvents must be true or false", StringComparison.Ordinal));
    }
}
