using Heed.Core.Subjects;

namespace Heed.Core.Tests.Subjects;

/// <summary>Values read from a header, a query or a message, where the route or queue names a default kind.</summary>
public sealed class SubjectParserDefaultKindTests
{
    public static TheoryData<string, string, string> AcceptedWithDefaultKind => new()
    {
        { "8812", "user", "user:8812" },
        { " 8812 ", "user", "user:8812" },
        { "user:8812", "user", "user:8812" },
        { "User:8812", "user", "user:8812" },
        { "email:ALICE@example.com", "user", "email:alice@example.com" },
        { "Email:alice@example.com", "user", "email:alice@example.com" },
        { "Alice@Example.com", "email", "email:alice@example.com" },
        { "+1 555 123 4567", "phone", "phone:+15551234567" },
        { "t/1", "user", "user:t/1" },
    };

    public static TheoryData<string, string, SubjectError> RefusedWithDefaultKind => new()
    {
        { "8812:x", "user", SubjectError.InvalidKind },
        { "E-mail:alice@example.com", "user", SubjectError.InvalidKind },
        { ":8812", "user", SubjectError.InvalidKind },
        { "08812", "user", SubjectError.LeadingZero },
        { "\uFF18\uFF18\uFF11\uFF12", "user", SubjectError.CompatibilityCharacter },
        { "88\u200B12", "user", SubjectError.FormatCharacter },
        { "", "user", SubjectError.Empty },
        { "user:", "user", SubjectError.EmptyValue },
    };

    [Theory]
    [MemberData(nameof(AcceptedWithDefaultKind), DisableDiscoveryEnumeration = true)]
    public void TryNormalize_ValueWithDefaultKind_ReturnsCanonicalForm(string input, string kind, string expected)
    {
        // Act
        SubjectError error = SubjectParser.TryNormalize(input, kind, out string canonical);

        // Assert
        error.ShouldBe(SubjectError.None);
        canonical.ShouldBe(expected);
        SubjectParser.TryNormalize(canonical, out string again).ShouldBe(SubjectError.None);
        again.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(RefusedWithDefaultKind), DisableDiscoveryEnumeration = true)]
    public void TryNormalize_BadValueWithDefaultKind_IsRefusedNotPrefixed(string input, string kind, SubjectError expected)
    {
        // Act
        SubjectError error = SubjectParser.TryNormalize(input, kind, out string canonical);

        // Assert
        error.ShouldBe(expected);
        canonical.ShouldBeEmpty();
    }

    [Fact]
    public void TryHash_DefaultKind_HashesAsTheFullSubject()
    {
        // Act
        SubjectHash.TryHash("8812", "user", out ulong prefixed).ShouldBe(SubjectError.None);
        SubjectHash.TryHash("User:8812", "user", out ulong kinded).ShouldBe(SubjectError.None);
        SubjectHash.TryHash("user:8812", out ulong full).ShouldBe(SubjectError.None);

        // Assert
        prefixed.ShouldBe(full);
        kinded.ShouldBe(full);
    }
}
