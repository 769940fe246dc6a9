using Heed.Gate.Configuration;
using Heed.Gate.Hosting;

namespace Heed.Gate.Tests.Configuration;

/// <summary>Invalid configuration stops the gate at start, with every error at once.</summary>
public sealed class GateConfigurationTests
{
    [Fact]
    public void Create_InvalidRoutesAndSettings_ReportsEveryError()
    {
        // Arrange
        string file = Path.Combine(Path.GetTempPath(), "heed-gate-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, """
        {
          "Heed": { "JsonBodyLimit": 0 },
          "ReverseProxy": {
            "Routes": {
              "bare": { "ClusterId": "c", "Match": { "Path": "/a" } },
              "typo": { "ClusterId": "c", "Match": { "Path": "/b" }, "Metadata": { "Heed.Purposes": "Marketing", "Heed.Subjct": "header:X", "Heed.Subject": "cookie:x" } },
              "redact": { "ClusterId": "c", "Match": { "Path": "/c" }, "Metadata": { "Heed.Purposes": "analytics", "Heed.Subject": "claim:sub", "Heed.OnDeny": "redact", "Heed.DenyStatus": "500" } }
            },
            "Clusters": { "c": { "Destinations": { "d": { "Address": "http://127.0.0.1:1" } } } }
          }
        }
        """);

        // Act
        var ex = Should.Throw<GateConfigurationException>(() => GateApp.Create(file, o =>
        {
            o.RegistryUrl = "http://127.0.0.1:1";
            o.Key = "k";
            o.RegistryHttp = "http://127.0.0.1:2";
            o.WriterKey = "w";
        }));

        // Assert: the settings error is reported first, alone; fix it and the route errors come all together.
        ex.Errors.ShouldContain(e => e.Contains("JsonBodyLimit"));
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"JsonBodyLimit\": 0", "\"JsonBodyLimit\": 10", StringComparison.Ordinal));
        var routes = Should.Throw<GateConfigurationException>(() => GateApp.Create(file, o =>
        {
            o.RegistryUrl = "http://127.0.0.1:1";
            o.Key = "k";
            o.RegistryHttp = "http://127.0.0.1:2";
            o.WriterKey = "w";
        }));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'bare'") && e.Contains("Heed.Purposes is required"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'typo'") && e.Contains("Heed.Subjct"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'typo'") && e.Contains("'Marketing'"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'typo'") && e.Contains("cookie"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'redact'") && e.Contains("no Heed:Jwt signing key"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'redact'") && e.Contains("Heed.Redact"));
        routes.Errors.ShouldContain(e => e.StartsWith("route 'redact'") && e.Contains("403 or 451"));
    }
}
