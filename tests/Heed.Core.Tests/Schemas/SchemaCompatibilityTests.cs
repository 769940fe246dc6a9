using Heed.Core.Schemas;

namespace Heed.Core.Tests.Schemas;

public sealed class SchemaCompatibilityTests
{
    private const string Type = "com.example.order.placed";

    private static EventSchema Version(int version, string? pointer = "/customer/id", params string[] purposes) =>
        new(Type, version, pointer, purposes.Length == 0 ? ["marketing"] : purposes, SchemaStatus.Active);

    private static SchemaCatalog Catalog(params EventSchema[] versions) => new(versions);

    [Fact]
    public void CheckCompatible_FirstVersionOfANewType_IsAccepted()
    {
        Catalog().CheckCompatible(Version(1)).ShouldBeNull();
    }

    [Fact]
    public void CheckCompatible_SameSubjectAndMorePurposes_IsAccepted()
    {
        SchemaCatalog catalog = Catalog(Version(1, "/customer/id", "marketing"));

        catalog.CheckCompatible(Version(2, "/customer/id", "marketing", "analytics")).ShouldBeNull();
    }

    [Fact]
    public void CheckCompatible_AGapInVersions_IsAccepted()
    {
        Catalog(Version(1)).CheckCompatible(Version(5)).ShouldBeNull();
    }

    [Fact]
    public void CheckCompatible_SubjectAttributeKept_IsAccepted()
    {
        Catalog(Version(1, pointer: null)).CheckCompatible(Version(2, pointer: string.Empty)).ShouldBeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CheckCompatible_VersionBelowOne_IsInvalid(int version)
    {
        SchemaConflict? conflict = Catalog().CheckCompatible(Version(version));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Invalid);
    }

    [Theory]
    [InlineData("customer/id")]
    [InlineData("/customer~2id")]
    [InlineData("~")]
    public void CheckCompatible_PointerThatIsNotAJsonPointerIntoData_IsInvalid(string text)
    {
        SchemaConflict? conflict = Catalog().CheckCompatible(Version(1, text));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Invalid);
        conflict.Detail.ShouldContain(text);
    }

    [Fact]
    public void CheckCompatible_NoPurposes_IsInvalid()
    {
        var next = new EventSchema(Type, 1, null, [], SchemaStatus.Active);

        Catalog().CheckCompatible(next).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Invalid);
    }

    [Fact]
    public void CheckCompatible_RegisteredVersionAgain_IsNotNew()
    {
        SchemaConflict? conflict = Catalog(Version(1), Version(2)).CheckCompatible(Version(2));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.NotNew);
        conflict.Detail.ShouldContain("register version 3");
    }

    [Fact]
    public void CheckCompatible_VersionBelowTheHighest_IsNotNew()
    {
        SchemaConflict? conflict = Catalog(Version(3)).CheckCompatible(Version(2));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.NotNew);
    }

    [Fact]
    public void CheckCompatible_RetiredHighestVersion_StillCountsAsRegistered()
    {
        SchemaCatalog catalog = Catalog(Version(1) with { Status = SchemaStatus.Retired });

        catalog.CheckCompatible(Version(1)).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.NotNew);
    }

    [Theory]
    [InlineData("/customer/id", "/user/id")]
    [InlineData("/customer/id", null)]
    [InlineData(null, "/customer/id")]
    public void CheckCompatible_SubjectMoved_IsIncompatible(string? before, string? after)
    {
        SchemaConflict? conflict = Catalog(Version(1, before)).CheckCompatible(Version(2, after));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Incompatible);
        conflict.Detail.ShouldContain("moves the subject");
    }

    [Fact]
    public void CheckCompatible_PurposeDropped_IsIncompatibleAndNamesIt()
    {
        SchemaCatalog catalog = Catalog(Version(1, "/customer/id", "marketing", "analytics"));

        SchemaConflict? conflict = catalog.CheckCompatible(Version(2, "/customer/id", "marketing"));

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Incompatible);
        conflict.Detail.ShouldContain("drops analytics");
    }

    [Fact]
    public void CheckCompatible_ComparesWithTheHighestVersionOnly()
    {
        SchemaCatalog catalog = Catalog(Version(1, "/customer/id", "marketing"), Version(2, "/customer/id", "marketing", "analytics"));

        catalog.CheckCompatible(Version(3, "/customer/id", "marketing")).ShouldNotBeNull().Detail.ShouldContain("version 2");
    }

    [Fact]
    public void Highest_UnknownType_IsNull()
    {
        Catalog(Version(1)).Highest("com.example.other").ShouldBeNull();
        Catalog(Version(1), Version(4), Version(2)).Highest(Type).ShouldNotBeNull().Version.ShouldBe(4);
    }
}
