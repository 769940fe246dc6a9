using Heed.Cli.Import;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Import;

public sealed class PurposeCatalogTests
{
    private static readonly PurposeCatalog Catalog = new(FakeImportTarget.DefaultPurposes.Purposes);

    [Theory]
    [InlineData("all")]
    [InlineData("marketing")]
    [InlineData("marketing.communications.email")]
    public void Check_OptOutablePurpose_NoProblemAndTheCatalogsString(string name)
    {
        string? problem = Catalog.Check(name.AsSpan(), out string purpose);

        problem.ShouldBeNull();
        purpose.ShouldBe(name);
    }

    [Theory]
    [InlineData("Marketing", "not a purpose name")]
    [InlineData("marketing..email", "not a purpose name")]
    [InlineData("marketing.telepathy", "unknown purpose")]
    [InlineData("essential", "essential")]
    [InlineData("essential.legal_obligation", "essential")]
    public void Check_RefusedPurpose_SaysWhy(string name, string expected)
    {
        string? problem = Catalog.Check(name.AsSpan(), out _);

        problem.ShouldNotBeNull().ShouldContain(expected);
    }
}
