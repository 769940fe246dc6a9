using System.Text.Json;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Testing.Overrides;

namespace Heed.Client.Tests.EndToEnd;

/// <summary>An override from request to revocation, through the real registry's API and the SDK replica (docs/overrides.md).</summary>
public sealed class RegistryOverrideTests
{
    private const string Email = "marketing.communications.email";

    [Fact]
    public async Task Override_ApprovedThenRevoked_ReplicaAllowsWithIdThenDeniesOnceEnforced()
    {
        // Arrange: user:42 opted out of marketing; the replica serves service "tests".
        await using RealRegistry registry = await RealRegistry.StartAsync();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        using OverrideAdmins api = await OverrideAdmins.CreateAsync(registry.Admin);
        await registry.WriteAsync("user:42", "marketing");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh && replica.Enforcer.Check("user:42", Email).Reason == DecisionReason.OptedOut);

        // Act: approve, and wait for a grant that times it.
        JsonElement approved = await api.RequestAndApproveAsync(new { service = "tests", purposes = new[] { "marketing.communications" }, subjects = new[] { "user:42" }, ttl = "30m", reason = "incident 7: resend receipts" });
        string id = approved.GetProperty("id").GetString()!;
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Check("user:42", "analytics.reporting").Reason == DecisionReason.Allowed
            && replica.Enforcer.Replica.Overrides.Count == 1 && replica.Public.Check("user:42", Email).Reason == DecisionReason.Override);
        Decision overridden = replica.Public.Check("user:42", Email);
        Decision outsidePurpose = replica.Public.Check("user:42", "marketing.advertising.profiling");
        Decision outsideSubject = replica.Public.Check("user:43", Email);
        await registry.WriteAsync("user:43", "marketing");
        Decision otherSubject = replica.Public.Check("user:43", Email);
        await CountsReportedAsync(replica);
        JsonElement shown = await api.ShowAsync(id);
        JsonElement revoked = await api.RevokeAsync(id);
        Decision afterRevoke = replica.Public.Check("user:42", Email);

        // Assert
        approved.GetProperty("state").GetString().ShouldBe("active");
        approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        overridden.Allowed.ShouldBeTrue();
        overridden.OverrideId.ShouldBe(id);
        outsidePurpose.Reason.ShouldBe(DecisionReason.OptedOut);
        outsideSubject.Reason.ShouldBe(DecisionReason.Allowed);
        otherSubject.Allowed.ShouldBeFalse();
        JsonElement decisions = shown.GetProperty("decisions");
        decisions.GetProperty("total").GetInt64().ShouldBeGreaterThanOrEqualTo(2);
        decisions.GetProperty("byEnforcementPoint").EnumerateObject().Single().Value.GetInt64().ShouldBeGreaterThanOrEqualTo(2);
        revoked.GetProperty("state").GetString().ShouldBe("revoked");
        revoked.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        afterRevoke.Allowed.ShouldBeFalse();
        afterRevoke.OverrideId.ShouldBeNull();
    }

    /// <summary>Returns once the registry has granted a lease request sent after now, which carried the counts so far.</summary>
    private static Task CountsReportedAsync(ReplicaHost replica)
    {
        long after = replica.Enforcer.Time.GetTimestamp();
        return Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Lease.ValidUntil >= replica.Enforcer.Lease.HoldUntil(after, TimeSpan.FromMilliseconds(500)));
    }
}
