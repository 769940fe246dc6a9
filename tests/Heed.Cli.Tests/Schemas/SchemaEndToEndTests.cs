using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Schemas;

/// <summary><c>heed schema</c> against a real registry process: register, list, deprecate, retire and raise a minimum,
/// each a ledger entry; a refused change exits 1 and writes nothing.</summary>
public sealed class SchemaEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Schema_RegisterDeprecateRetireMinimum_AreLedgerEntriesAndListed()
    {
        // Arrange: a type with a '/' in it, which the commands must encode as one path segment.
        const string Type = "com.example/cli.order.placed";
        long before = await registry.GetHeadAsync();

        // Act
        HeedResult first = await registry.RunAsync("schema", "register", Type, "--version", "1", "--subject-pointer", "/customer/id", "--purpose", "marketing");
        HeedResult second = await registry.RunAsync("schema", "register", Type, "--version", "2", "--subject-pointer", "/customer/id", "--purpose", "marketing", "--purpose", "analytics", "--dataschema", "https://schemas.example.com/order/2", "--json");
        HeedResult deprecated = await registry.RunAsync("schema", "deprecate", Type, "1");
        HeedResult retired = await registry.RunAsync("schema", "retire", Type, "1");
        HeedResult minimum = await registry.RunAsync("schema", "minimum", Type, "2");
        HeedResult listed = await registry.RunAsync("schema", "list", Type);
        HeedResult listedJson = await registry.RunAsync("schema", "list", "--json");

        // Assert
        first.ExitCode.ShouldBe(0, first.ToString());
        first.Stdout.ShouldContain($"Registered {Type} version 1 (active).");
        first.Stdout.ShouldContain("Enforced at");
        second.ExitCode.ShouldBe(0, second.ToString());
        JsonDocument.Parse(second.Stdout).RootElement.GetProperty("version").GetInt32().ShouldBe(2);
        deprecated.Stdout.ShouldContain($"{Type} version 1 is deprecated.");
        retired.ExitCode.ShouldBe(0, retired.ToString());
        retired.Stdout.ShouldContain($"{Type} version 1 is retired.");
        minimum.Stdout.ShouldContain($"{Type} accepts version 2 and above.");
        listed.ExitCode.ShouldBe(0, listed.ToString());
        listed.Stdout.ShouldContain("retired");
        listed.Stdout.ShouldContain("/customer/id");
        JsonElement type = JsonDocument.Parse(listedJson.Stdout).RootElement.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("type").GetString() == Type);
        type.GetProperty("minVersion").GetInt32().ShouldBe(2);
        type.GetProperty("versions")[1].GetProperty("purposes").EnumerateArray().Select(p => p.GetString()).ShouldBe(["analytics", "marketing"]);
        type.GetProperty("versions")[1].GetProperty("dataschema").GetString().ShouldBe("https://schemas.example.com/order/2");
        (await registry.GetHeadAsync()).ShouldBe(before + 5, "two registrations, two status changes and a minimum are each a ledger entry");
    }

    [Fact]
    public async Task Schema_IncompatibleOrRefused_ExitOneSayingWhyAndNothingWritten()
    {
        const string Type = "com.example.cli.refused";
        (await registry.RunAsync("schema", "register", Type, "--version", "1", "--purpose", "marketing", "--purpose", "analytics")).ExitCode.ShouldBe(0);
        long before = await registry.GetHeadAsync();

        HeedResult narrowed = await registry.RunAsync("schema", "register", Type, "--version", "2", "--purpose", "marketing");
        HeedResult again = await registry.RunAsync("schema", "register", Type, "--version", "1", "--purpose", "marketing", "--purpose", "analytics");
        HeedResult unknown = await registry.RunAsync("schema", "retire", Type, "9");
        HeedResult tooHigh = await registry.RunAsync("schema", "minimum", Type, "3");
        HeedResult missing = await registry.RunAsync("schema", "list", "com.example.cli.none");

        narrowed.ExitCode.ShouldBe(1, narrowed.ToString());
        narrowed.Stderr.ShouldContain("drops analytics");
        again.ExitCode.ShouldBe(1, again.ToString());
        again.Stderr.ShouldContain("register version 2");
        unknown.ExitCode.ShouldBe(1, unknown.ToString());
        tooHigh.ExitCode.ShouldBe(1, tooHigh.ToString());
        missing.ExitCode.ShouldBe(1, missing.ToString());
        (await registry.GetHeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task SchemaRegister_WithoutVersionOrPurpose_IsAUsageError()
    {
        HeedResult result = await registry.RunAsync("schema", "register", "com.example.cli.usage", "--purpose", "marketing");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("--version");
    }
}
