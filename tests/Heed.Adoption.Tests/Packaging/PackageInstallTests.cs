using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Repository;

namespace Heed.Adoption.Tests.Packaging;

/// <summary>A new user's first hour: install the packages and the tool from a packed folder, build an app, enforce an opt-out.</summary>
public sealed class PackageInstallTests(PackedHeed packed) : IClassFixture<PackedHeed>
{
    private static readonly string[] Libraries = ["Heed.Core", "Heed.Protocol", "Heed.Checks", "Heed.Client"];

    [Fact]
    public void Pack_Solution_ProducesTheSdkPackagesAndTheToolAndNothingElse()
    {
        string[] packages = [.. Directory.GetFiles(packed.PackageDirectory, "*.nupkg").Select(Path.GetFileName).Order()!];

        packages.ShouldBe([.. new[] { "Heed.Checks", "Heed.Cli", "Heed.Client", "Heed.Core", "Heed.Protocol" }.Select(id => $"{id}.{packed.Version}.nupkg")]);
        foreach (string id in Libraries)
        {
            File.Exists(Path.Combine(packed.PackageDirectory, $"{id}.{packed.Version}.snupkg")).ShouldBeTrue($"{id} has no symbol package");
        }
    }

    [Fact]
    public void Packages_Nuspec_HaveDescriptionAuthorsLicenseRepositoryReadmeAndXmlDocs()
    {
        foreach (string id in Libraries.Append("Heed.Cli"))
        {
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(packed.PackageDirectory, $"{id}.{packed.Version}.nupkg"));
            XElement metadata = Nuspec(package);
            string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

            Value("description").Length.ShouldBeGreaterThan(40, $"{id}: description");
            Value("description").ShouldNotBe("Package Description", $"{id}: the SDK's placeholder description");
            Value("authors").ShouldBe("The Heed contributors", $"{id}: authors");
            XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
            (license.Attribute("type")?.Value, license.Value).ShouldBe(("expression", "Apache-2.0"), $"{id}: license");
            metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value.ShouldStartWith("https://", customMessage: $"{id}: repository url");
            Value("readme").ShouldBe("README.md", $"{id}: readme");
            package.GetEntry("README.md").ShouldNotBeNull($"{id}: README.md is not in the package");
            if (id != "Heed.Cli")
            {
                package.GetEntry($"lib/net10.0/{id}.xml").ShouldNotBeNull($"{id}: no XML docs, so no IntelliSense");
            }
        }
    }

    [Fact]
    public async Task Tool_InstalledFromThePackedFolder_PrintsItsVersion()
    {
        CommandResult version = await Command.RunAsync(packed.HeedCommand("--version"), Dotnet.Timeout);

        version.ExitCode.ShouldBe(0, version.Output);
        version.Output.ShouldStartWith(packed.BuildVersion);
        Path.GetFullPath(packed.Heed).ShouldStartWith(packed.ToolDirectory, customMessage: "not the installed tool");
    }

    [Fact]
    public async Task NewApp_RestoredFromPackagesOnly_AllowsThenDeniesAfterTheOptOut()
    {
        // Arrange: the web sample's code in a project of its own that knows Heed only by package id.
        string app = packed.Root.Combine("newsletter");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />");   // nothing from above /tmp
        await File.WriteAllTextAsync(Path.Combine(app, "Newsletter.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Heed.Client" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        string sample = Path.Combine(BuildOutput.RepositoryRoot, "samples", "Heed.Samples.WebApp");
        File.Copy(Path.Combine(sample, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.Copy(Path.Combine(sample, "appsettings.json"), Path.Combine(app, "appsettings.json"));
        await Dotnet.RunAsync(app, "build", "-c", "Release", "-p:UseSharedCompilation=false");
        string dll = Path.Combine(app, "bin", "Release", "net10.0", "Newsletter.dll");

        await using Registry registry = await Registry.StartAsync(packed.HeedCommand());
        string enforcer = await registry.CreateKeyAsync("enforcer");
        await using SampleWebApp web = await SampleWebApp.StartAsync(dll, registry.GrpcUrl, enforcer);

        // Act
        using HttpResponseMessage before = await web.SendNewsletterAsync("7");
        long lsn = await registry.OptOutAsync("user:7", "marketing");
        using HttpResponseMessage after = await web.SendNewsletterAsync("7", lsn);

        // Assert
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SampleWebApp.ReasonAsync(after)).ShouldBe("opted_out");
    }

    [Fact]
    public async Task Tool_Serve_AnswersHealthz()
    {
        await using Registry registry = await Registry.StartAsync(packed.HeedCommand());

        await WaitFor.HttpOkAsync(new Uri(registry.HttpUrl, "/healthz"), SampleWebApp.Timeout, registry.Process);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        ZipArchiveEntry entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }
}
