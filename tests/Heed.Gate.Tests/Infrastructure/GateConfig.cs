using System.Text.Json.Nodes;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>The gate config file of the tests: a route per subject source and deny action, plus GPC and
/// optional-subject routes, all to one recording upstream.</summary>
public static class GateConfig
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "heed-gate-tests";
    public const string SigningKey = "gate-tests-hs256-signing-key-0123456789abcdef";
    public const string Purposes = "analytics.reporting,personalize.content";
    public const int JsonLimit = 4096;

    public static IReadOnlyList<string> Sources { get; } = ["header", "query", "route", "claim", "json"];

    public static IReadOnlyList<string> Actions { get; } = ["block", "drop", "redact"];

    public static string Write(string upstreamUrl)
    {
        var routes = new JsonObject();
        foreach (string source in Sources)
        {
            foreach (string action in Actions)
            {
                string path = source == "route" ? $"/route/{action}/{{userId}}" : $"/{source}/{action}";
                string subject = source switch
                {
                    "header" => "header:X-User-Id",
                    "query" => "query:uid",
                    "route" => "route:userId",
                    "claim" => "claim:sub",
                    _ => "json:/user/id",
                };
                var metadata = new JsonObject
                {
                    ["Heed.Purposes"] = Purposes,
                    ["Heed.Subject"] = subject,
                    ["Heed.SubjectKind"] = "user",
                    ["Heed.OnDeny"] = action,
                };
                if (action == "redact")
                {
                    metadata["Heed.Redact"] = "X-Secret,/user/email";
                }

                routes[$"{source}-{action}"] = Route(path, metadata);
            }
        }

        routes["block-451"] = Route("/legal", new JsonObject { ["Heed.Purposes"] = Purposes, ["Heed.Subject"] = "header:X-User-Id", ["Heed.SubjectKind"] = "user", ["Heed.DenyStatus"] = "451" });
        routes["sale"] = Route("/sale", new JsonObject { ["Heed.Purposes"] = "third_party_sharing.sale", ["Heed.Subject"] = "header:X-User-Id", ["Heed.SubjectKind"] = "user" });
        routes["ads"] = Route("/ads", new JsonObject { ["Heed.Purposes"] = "marketing.advertising.third_party.targeted", ["Heed.Subject"] = "header:X-User-Id", ["Heed.SubjectKind"] = "user" });
        routes["reports"] = Route("/reports", new JsonObject { ["Heed.Purposes"] = "analytics.reporting", ["Heed.Subject"] = "header:X-User-Id", ["Heed.SubjectKind"] = "user" });
        routes["events"] = Route("/events", new JsonObject { ["Heed.CloudEvents"] = "true" });
        routes["events-drop"] = Route("/events-drop", new JsonObject { ["Heed.CloudEvents"] = "true", ["Heed.OnDeny"] = "drop" });
        routes["static"] = Route("/static", new JsonObject { ["Heed.Purposes"] = "functional.service.improve", ["Heed.SubjectOptional"] = "true", ["Heed.Subject"] = "header:X-User-Id", ["Heed.SubjectKind"] = "user" });

        var root = new JsonObject
        {
            ["Heed"] = new JsonObject
            {
                ["JsonBodyLimit"] = JsonLimit,
                ["Jwt"] = new JsonObject { ["Issuer"] = Issuer, ["Audience"] = Audience, ["SigningKey"] = SigningKey },
            },
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = routes,
                ["Clusters"] = new JsonObject
                {
                    ["upstream"] = new JsonObject { ["Destinations"] = new JsonObject { ["one"] = new JsonObject { ["Address"] = upstreamUrl } } },
                },
            },
        };
        string file = Path.Combine(Path.GetTempPath(), "heed-gate-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, root.ToJsonString());
        return file;
    }

    private static JsonObject Route(string path, JsonObject metadata) => new()
    {
        ["ClusterId"] = "upstream",
        ["Match"] = new JsonObject { ["Path"] = path },
        ["Metadata"] = metadata,
    };
}
