using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Subjects;

/// <summary>The check path hashes canonical ASCII without the parser: it must give the parser's key, and
/// the parser's refusal, for every input.</summary>
public sealed class SubjectHashProperties
{
    [Fact]
    public void TryHash_AnyInput_AgreesWithParserThenOf() =>
        PropertyCheck.ForAll(Gen.OneOf(SubjectGenerators.Anything, SubjectGenerators.Tricky, Canonical), AgreesWithParser, runs: 5_000);

    [Fact]
    public void CanonicalAscii_AcceptedSubjects_OnlyWhatTheParserKeepsAsItIs() =>
        PropertyCheck.ForAll(
            Gen.OneOf(Canonical, SubjectGenerators.Accepted, SubjectGenerators.Tricky),
            subject =>
            {
                // Arrange
                byte[] bytes = Encoding.Latin1.GetBytes(subject);
                bool ascii = Ascii.IsValid(subject);

                // Act
                bool shortcut = ascii && CanonicalAscii.Is(bytes);

                // Assert: the shortcut never takes text the parser would change or refuse.
                if (shortcut)
                {
                    SubjectParser.TryNormalize(subject, out string canonical).ShouldBe(SubjectError.None, subject);
                    canonical.ShouldBe(subject);
                }
            },
            runs: 5_000);

    [Theory]
    [InlineData("user:123456", true)]
    [InlineData("email:alice.smith@example.com", true)]
    [InlineData("device_id:AbC-9:x", true)]
    [InlineData("user:-12", true)]
    [InlineData("email:Alice@example.com", false)]
    [InlineData("email:alice@", false)]
    [InlineData("email:a@b@c", false)]
    [InlineData("User:123", false)]
    [InlineData("user: 123", false)]
    [InlineData("user:123 ", false)]
    [InlineData("user:0123", false)]
    [InlineData("user:-007", false)]
    [InlineData("user:0", true)]
    [InlineData("phone:+15551234567", false)]
    [InlineData("hashed_email:00", false)]
    [InlineData("user:a\tb", false)]
    [InlineData("user:a\u007Fb", false)]
    [InlineData(":x", false)]
    [InlineData("user:", false)]
    [InlineData("1user:x", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:x", false)]
    public void CanonicalAscii_Examples_TakesOnlyCanonicalText(string subject, bool expected)
    {
        // Act
        bool shortcut = CanonicalAscii.Is(Encoding.ASCII.GetBytes(subject));

        // Assert
        shortcut.ShouldBe(expected);
        AgreesWithParser(subject);
    }

    /// <summary>The canonical form of accepted subjects: the shortcut's own inputs, where it must answer.</summary>
    private static Gen<string> Canonical =>
        SubjectGenerators.Accepted.Select(s => SubjectParser.TryNormalize(s, out string canonical) == SubjectError.None ? canonical : s);

    private static void AgreesWithParser(string subject)
    {
        // Arrange
        SubjectError expectedError = SubjectParser.TryNormalize(subject, out string canonical);
        ulong expected = expectedError == SubjectError.None ? SubjectHash.Of(canonical) : 0;

        // Act
        SubjectError error = SubjectHash.TryHash(subject, out ulong hash);

        // Assert
        error.ShouldBe(expectedError, subject);
        hash.ShouldBe(expected, subject);
    }
}
