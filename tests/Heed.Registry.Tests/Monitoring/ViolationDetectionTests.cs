using System.Text.Json;
using Heed.Registry.Monitoring.Alerts;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Overrides;

namespace Heed.Registry.Tests.Monitoring;

/// <summary>
/// Receipt detection on a real registry (Kestrel, SQLite files): each kind of violation is found with its evidence, and
/// receipts that processed rightly are not. Each test uses subjects of its own, so they share one registry.
/// </summary>
public sealed class ViolationDetectionTests(ViolationFixture fixture) : IClassFixture<ViolationFixture>
{
    private const string Purpose = "marketing.communications.email";

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task CheckedThenOptedOutThenProcessed_IsAStaleDecisionThatNamesTheService()
    {
        string subject = Subject();

        // (1) the message is checked, (2) the opt-out is acknowledged, (3) the same message is processed.
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        decision.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        JsonElement optOut = await Server.OptOutAsync(subject, "marketing");
        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "orders-worker", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        // (4) a violation names the service.
        JsonElement[] found = await Server.ViolationsOfAsync(subject);
        JsonElement violation = found.ShouldHaveSingleItem();
        violation.GetProperty("kind").GetString().ShouldBe("stale_decision");
        violation.GetProperty("service").GetString().ShouldBe("orders-worker");
        violation.GetProperty("severity").GetString().ShouldBe("warning");
        violation.GetProperty("summary").GetString()!.ShouldContain("orders-worker");
        JsonElement evidence = violation.GetProperty("evidence");
        evidence.GetProperty("decision").GetProperty("id").GetString().ShouldBe(decision.GetProperty("decisionId").GetString());
        evidence.GetProperty("decision").GetProperty("lsn").GetInt64().ShouldBe(decision.GetProperty("lsn").GetInt64());
        evidence.GetProperty("optOut").GetProperty("lsn").GetInt64().ShouldBe(optOut.GetProperty("lsn").GetInt64());
        evidence.GetProperty("optOut").GetProperty("enforcedAt").GetDateTimeOffset().ShouldBe(optOut.GetProperty("enforcedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        evidence.GetProperty("receipt").GetProperty("service").GetString().ShouldBe("orders-worker");
        JsonElement entry = evidence.GetProperty("entries").EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("lsn").GetInt64().ShouldBe(optOut.GetProperty("lsn").GetInt64());
        entry.GetProperty("kind").GetString().ShouldBe("optout.set");
    }

    [Fact]
    public async Task StaleDecision_RaisesAWarningAlertWithTheViolationsId()
    {
        string subject = Subject();
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        await Server.OptOutAsync(subject, "all");
        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        string id = (await Server.ViolationsOfAsync(subject)).ShouldHaveSingleItem().GetProperty("id").GetString()!;

        Alert alert = fixture.Alerts.Raised.Where(a => a.Details.GetValueOrDefault("violationId") == id).ShouldHaveSingleItem();
        alert.Kind.ShouldBe(AlertKinds.Violation);
        alert.Severity.ShouldBe(AlertSeverities.Warning);
        alert.Details["kind"].ShouldBe("stale_decision");
        alert.Details["service"].ShouldBe("mailer");
        alert.Details["subject"].ShouldBe(subject);
    }

    [Fact]
    public async Task NoDecisionIdAndNoLsn_IsNoDecision()
    {
        string subject = Subject();

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "batch-export", DateTimeOffset.UtcNow));

        JsonElement violation = (await Server.ViolationsOfAsync(subject)).ShouldHaveSingleItem();
        violation.GetProperty("kind").GetString().ShouldBe("no_decision");
        violation.GetProperty("service").GetString().ShouldBe("batch-export");
        violation.GetProperty("evidence").GetProperty("decision").ValueKind.ShouldBe(JsonValueKind.Null);
        violation.GetProperty("evidence").GetProperty("receipt").GetProperty("subject").GetString().ShouldBe(subject);
    }

    [Fact]
    public async Task DecisionOlderThanTheMaximumAge_IsTooOld_AndAFreshOneIsNot()
    {
        string old = Subject();
        string fresh = Subject();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long lsn = (await Server.CheckAsync(old, Purpose)).GetProperty("lsn").GetInt64();

        await Server.ReportAsync(ViolationCalls.Receipt(old, Purpose, "reports", now, Guid.CreateVersion7(now - TimeSpan.FromMinutes(11)).ToString("N"), lsn));
        await Server.ReportAsync(ViolationCalls.Receipt(fresh, Purpose, "reports", now, Guid.CreateVersion7(now - TimeSpan.FromMinutes(9)).ToString("N"), lsn));

        JsonElement violation = (await Server.ViolationsOfAsync(old)).ShouldHaveSingleItem();
        violation.GetProperty("kind").GetString().ShouldBe("too_old");
        violation.GetProperty("evidence").GetProperty("rule").GetProperty("maxDecisionAge").GetString().ShouldBe("00:10:00");
        violation.GetProperty("evidence").GetProperty("decision").GetProperty("decidedAt").GetDateTimeOffset().ShouldBe(now - TimeSpan.FromMinutes(11), TimeSpan.FromMilliseconds(1));
        (await Server.ViolationsOfAsync(fresh)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnyReceiptForACanary_IsACriticalCanaryViolation()
    {
        string canary = "user:heed-canary-" + Guid.NewGuid().ToString("N");
        JsonElement decision = await Server.CheckAsync(canary, Purpose);

        await Server.ReportAsync(ViolationCalls.Receipt(canary, Purpose, "ingest", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        JsonElement violation = (await Server.ViolationsOfAsync(canary)).ShouldHaveSingleItem();
        violation.GetProperty("kind").GetString().ShouldBe("canary");
        violation.GetProperty("severity").GetString().ShouldBe("critical");
        violation.GetProperty("evidence").GetProperty("rule").GetProperty("canaryPrefix").GetString().ShouldBe("user:heed-canary-");
        string id = violation.GetProperty("id").GetString()!;
        fixture.Alerts.Raised.Where(a => a.Details.GetValueOrDefault("violationId") == id).ShouldHaveSingleItem().Severity.ShouldBe(AlertSeverities.Critical);
    }

    [Fact]
    public async Task DecisionAtOrAfterTheOptOut_IsNoViolation()
    {
        string subject = Subject();
        JsonElement optOut = await Server.OptOutAsync(subject, "marketing");
        JsonElement decision = await Server.CheckAsync(subject, Purpose);

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), optOut.GetProperty("lsn").GetInt64()));

        (await Server.ViolationsOfAsync(subject)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DecisionBeforeAnOptOutClearedBeforeProcessing_IsNoViolation()
    {
        string subject = Subject();
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        await Server.OptOutAsync(subject, "marketing");
        await Server.ClearAsync(subject, "marketing");

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        (await Server.ViolationsOfAsync(subject)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DecisionAfterTheOptOutWasCleared_IsNoViolation()
    {
        string subject = Subject();
        await Server.OptOutAsync(subject, "marketing");
        await Server.ClearAsync(subject, "marketing");
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        decision.GetProperty("allowed").GetBoolean().ShouldBeTrue();

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        (await Server.ViolationsOfAsync(subject)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessingBeforeTheOptOutWasEnforced_IsNoViolation_ButAfterItIs()
    {
        string before = Subject();
        string after = Subject();
        JsonElement beforeDecision = await Server.CheckAsync(before, Purpose);
        JsonElement afterDecision = await Server.CheckAsync(after, Purpose);
        DateTimeOffset enforcedAt = (await Server.OptOutAsync(before, "marketing")).GetProperty("enforcedAt").GetDateTimeOffset();
        await Server.OptOutAsync(after, "marketing");

        await Server.ReportAsync(ViolationCalls.Receipt(before, Purpose, "mailer", enforcedAt - TimeSpan.FromMilliseconds(5), beforeDecision.GetProperty("decisionId").GetString(), beforeDecision.GetProperty("lsn").GetInt64()));
        await Server.ReportAsync(ViolationCalls.Receipt(after, Purpose, "mailer", DateTimeOffset.UtcNow, afterDecision.GetProperty("decisionId").GetString(), afterDecision.GetProperty("lsn").GetInt64()));

        (await Server.ViolationsOfAsync(before)).ShouldBeEmpty();
        (await Server.ViolationsOfAsync(after)).ShouldHaveSingleItem().GetProperty("kind").GetString().ShouldBe("stale_decision");
    }

    [Fact]
    public async Task OptOutOfAnotherBranch_IsNoViolation()
    {
        string subject = Subject();
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        await Server.OptOutAsync(subject, "analytics");

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        (await Server.ViolationsOfAsync(subject)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessingUnderAnActiveOverrideOfItsService_IsNoViolation_ButAnotherServicesIs()
    {
        string subject = Subject();
        string service = "checkout-" + Guid.NewGuid().ToString("N");
        using HttpClient admin = Server.WithKey(Server.AdminKey);
        using HttpClient second = await Server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync($$"""{"service":"{{service}}","purposes":["marketing"],"ttl":"30m","reason":"INC-9: consent banner down"}""");
        (await second.ApproveAsync(id)).EnsureSuccessStatusCode();
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        await Server.OptOutAsync(subject, "marketing");

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, service, DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));
        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "other-" + service, DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));

        JsonElement violation = (await Server.ViolationsOfAsync(subject)).ShouldHaveSingleItem();
        violation.GetProperty("service").GetString().ShouldBe("other-" + service);
        violation.GetProperty("kind").GetString().ShouldBe("stale_decision");
    }

    [Fact]
    public async Task RecordedViolations_AreCountedByKindAndServiceAtMetrics()
    {
        string service = "metrics-" + Guid.NewGuid().ToString("N");

        await Server.ReportAsync(ViolationCalls.Receipt(Subject(), Purpose, service, DateTimeOffset.UtcNow));
        await Server.ReportAsync(ViolationCalls.Receipt(Subject(), Purpose, service, DateTimeOffset.UtcNow));

        string metrics = await Server.Anonymous.GetStringAsync("/metrics");
        string line = metrics.Split('\n').Where(l => l.StartsWith("heed_violations_total{", StringComparison.Ordinal) && l.Contains($"service=\"{service}\"", StringComparison.Ordinal)).ShouldHaveSingleItem();
        line.ShouldContain("kind=\"no_decision\"");
        line.Split(' ')[1].ShouldBe("2");
    }

    private static string Subject() => "user:vio-" + Guid.NewGuid().ToString("N");
}
