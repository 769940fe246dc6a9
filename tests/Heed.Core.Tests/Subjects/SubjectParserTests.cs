using Heed.Core.Subjects;

namespace Heed.Core.Tests.Subjects;

public sealed class SubjectParserTests
{
    private static readonly string UpperHash = new string('A', 32) + "0123456789ABCDEF0123456789abcdef";

    public static TheoryData<string, string> Accepted => new()
    {
        // email: trimmed, lower-cased, one '@'
        { "email:Alice@Example.COM", "email:alice@example.com" },
        { "  email:  Bob.Smith+tag@Mail.Example.org \t", "email:bob.smith+tag@mail.example.org" },
        { "email:a@b", "email:a@b" },
        { "email:ÄLICE@Exämple.COM", "email:älice@exämple.com" },
        // phone: separators removed, '+' and 8-15 digits
        { "phone:+1 (555) 123-4567", "phone:+15551234567" },
        { "phone:+44.20.7946.0958", "phone:+442079460958" },
        { "phone:(+49) 30-1234.5678", "phone:+493012345678" },
        { "phone:+12345678", "phone:+12345678" },
        { "phone:+123456789012345", "phone:+123456789012345" },
        { "phone:  +1 2 3 4 5 6 7 8  ", "phone:+12345678" },
        // hashed_email: 64 hex digits, lower-cased
        { "hashed_email:" + UpperHash, "hashed_email:" + UpperHash.ToLowerInvariant() },
        { "hashed_email:" + new string('0', 64), "hashed_email:" + new string('0', 64) },
        // every other kind: trimmed, case kept
        { "user:ABC-123", "user:ABC-123" },
        { "user:  Spaced Value  ", "user:Spaced Value" },
        { "device_id:Ab:Cd:EF", "device_id:Ab:Cd:EF" },
        { "x:Email@Example.COM", "x:Email@Example.COM" },
        { "emails:Alice@X.COM", "emails:Alice@X.COM" },
        { "a:1", "a:1" },
        { "k0_9:v", "k0_9:v" },
        { new string('k', 32) + ":v", new string('k', 32) + ":v" },
        { "user:" + new string('v', 256), "user:" + new string('v', 256) },
        { "user:" + new string(' ', 700) + "v" + new string(' ', 300), "user:v" },
        { "user:😀 Ünïcödé", "user:😀 Ünïcödé" },
        // kinds are compared without case
        { "User:123", "user:123" },
        { "USER:AbC", "user:AbC" },
        { "Email:alice@example.com", "email:alice@example.com" },
        { "EMAIL:alice@example.com", "email:alice@example.com" },
        { " email:alice@example.com ", "email:alice@example.com" },
        { "Hashed_Email:" + new string('0', 64), "hashed_email:" + new string('0', 64) },
        // Unicode: NFC everywhere; NFKC and full lower-casing where case does not matter
        { "user:Jose\u0301", "user:Jos\u00E9" },
        { "email:jose\u0301@example.com", "email:jos\u00E9@example.com" },
        { "email:\uFF41\uFF4C\uFF49\uFF43\uFF45@example.com", "email:alice@example.com" },
        { "email:\u0130stanbul@example.com", "email:i\u0307stanbul@example.com" },
        { "email:\u212Aelvin@example.com", "email:kelvin@example.com" },
        { "user:0", "user:0" },
        { "user:8812", "user:8812" },
        { "user:-5", "user:-5" },
        { "user:0x12", "user:0x12" },
        { "user:c/d %2F+x", "user:c/d %2F+x" },
    };

    public static TheoryData<string, SubjectError> Refused => new()
    {
        { "", SubjectError.Empty },
        { " \t\r\n ", SubjectError.Empty },
        { "user", SubjectError.MissingSeparator },
        { "user;123", SubjectError.MissingSeparator },
        // kind: [a-z][a-z0-9_]{0,31}
        { ":123", SubjectError.InvalidKind },
        { "1user:123", SubjectError.InvalidKind },
        { "_user:123", SubjectError.InvalidKind },
        { "us-er:123", SubjectError.InvalidKind },
        { "us er:123", SubjectError.InvalidKind },
        { "user :123", SubjectError.InvalidKind },
        { "üser:123", SubjectError.InvalidKind },
        { new string('k', 33) + ":v", SubjectError.InvalidKind },
        // value: 1-256 characters, no control characters, valid Unicode
        { "user:", SubjectError.EmptyValue },
        { "user:   ", SubjectError.EmptyValue },
        { "user:" + new string('v', 257), SubjectError.ValueTooLong },
        { "user:" + new string('v', 5_000), SubjectError.ValueTooLong },
        { new string('x', 5_000), SubjectError.ValueTooLong },
        { new string(' ', 5_000), SubjectError.ValueTooLong },
        { "user:a\u0000b", SubjectError.ControlCharacter },
        { "user:a\tb", SubjectError.ControlCharacter },
        { "user:a\nb", SubjectError.ControlCharacter },
        { "user:a\u007Fb", SubjectError.ControlCharacter },
        { "user:a\u0085b", SubjectError.ControlCharacter },
        { "user:a\u009Fb", SubjectError.ControlCharacter },
        { "user:a\uD800b", SubjectError.InvalidUnicode },
        { "user:a\uD800", SubjectError.InvalidUnicode },
        { "user:a\uDC00b", SubjectError.InvalidUnicode },
        { "user:\uDE00\uD83D", SubjectError.InvalidUnicode },
        { "user:a\uFFFDb", SubjectError.InvalidUnicode },
        { "user:\uFEFFzero-width", SubjectError.FormatCharacter },
        { "user:a\u200Bb", SubjectError.FormatCharacter },
        { "user:a\u200Fb", SubjectError.FormatCharacter },
        { "user:a\u2028b", SubjectError.FormatCharacter },
        { "email:ali\u200Dce@example.com", SubjectError.FormatCharacter },
        { "user:\uFF18\uFF18\uFF11\uFF12", SubjectError.CompatibilityCharacter },
        { "user:\uFB01le", SubjectError.CompatibilityCharacter },
        { "user:a\u00A0b", SubjectError.CompatibilityCharacter },
        { "email:\u00A8a@example.com", SubjectError.CompatibilityCharacter },
        { "user:08812", SubjectError.LeadingZero },
        { "user:-007", SubjectError.LeadingZero },
        // email
        { "email:alice", SubjectError.InvalidEmail },
        { "email:@example.com", SubjectError.InvalidEmail },
        { "email:alice@", SubjectError.InvalidEmail },
        { "email:a@b@c", SubjectError.InvalidEmail },
        { "email:@", SubjectError.InvalidEmail },
        { "email:\u0001@x", SubjectError.ControlCharacter },
        // phone
        { "phone:15551234567", SubjectError.InvalidPhone },
        { "phone:+1234567", SubjectError.InvalidPhone },
        { "phone:+1234567890123456", SubjectError.InvalidPhone },
        { "phone:+1-555-CALL-NOW", SubjectError.InvalidPhone },
        { "phone:1+5551234567", SubjectError.InvalidPhone },
        { "phone:++15551234567", SubjectError.InvalidPhone },
        { "phone:+1555123+4567", SubjectError.InvalidPhone },
        { "phone:+1/555/123/4567", SubjectError.InvalidPhone },
        { "phone:+", SubjectError.InvalidPhone },
        { "phone:-().", SubjectError.InvalidPhone },
        { "phone:+١٢٣٤٥٦٧٨٩", SubjectError.InvalidPhone },
        // hashed_email
        { "hashed_email:" + new string('a', 63), SubjectError.InvalidHashedEmail },
        { "hashed_email:" + new string('a', 65), SubjectError.InvalidHashedEmail },
        { "hashed_email:" + new string('a', 63) + "g", SubjectError.InvalidHashedEmail },
        { "hashed_email:" + new string('a', 62) + " a", SubjectError.InvalidHashedEmail },
    };

    [Theory]
    [MemberData(nameof(Accepted), DisableDiscoveryEnumeration = true)]
    public void TryNormalize_AcceptedInput_ReturnsCanonicalForm(string input, string expected)
    {
        // Arrange
        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];

        // Act
        SubjectError spanError = SubjectParser.TryNormalize(input.AsSpan(), buffer, out int written);
        SubjectError stringError = SubjectParser.TryNormalize(input, out string canonical);

        // Assert
        spanError.ShouldBe(SubjectError.None);
        buffer[..written].ToString().ShouldBe(expected);
        stringError.ShouldBe(SubjectError.None);
        canonical.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Refused), DisableDiscoveryEnumeration = true)]
    public void TryNormalize_RefusedInput_ReturnsError(string input, SubjectError expected)
    {
        // Arrange
        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];

        // Act
        SubjectError spanError = SubjectParser.TryNormalize(input.AsSpan(), buffer, out int written);
        SubjectError stringError = SubjectParser.TryNormalize(input, out string canonical);

        // Assert
        spanError.ShouldBe(expected);
        written.ShouldBe(0);
        stringError.ShouldBe(expected);
        canonical.ShouldBeEmpty();
    }

    [Fact]
    public void TryNormalize_NullString_ReturnsEmpty()
    {
        // Act
        SubjectError error = SubjectParser.TryNormalize(null, out string canonical);

        // Assert
        error.ShouldBe(SubjectError.Empty);
        canonical.ShouldBeEmpty();
    }

    [Fact]
    public void TryNormalize_LongestValidSubject_FitsMaxLength()
    {
        // Arrange
        string input = new string('k', SubjectParser.MaxKindLength) + ":" + new string('v', SubjectParser.MaxValueLength);
        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];

        // Act
        SubjectError error = SubjectParser.TryNormalize(input, buffer, out int written);

        // Assert
        error.ShouldBe(SubjectError.None);
        written.ShouldBe(SubjectParser.MaxLength);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("user", true)]
    [InlineData("hashed_email", true)]
    [InlineData("k0", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("_", false)]
    [InlineData("A", false)]
    [InlineData("aB", false)]
    [InlineData("a-b", false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    public void IsValidKind_Name_MatchesKindRegex(string kind, bool expected)
    {
        // Act
        bool valid = SubjectParser.IsValidKind(kind);

        // Assert
        valid.ShouldBe(expected);
        valid.ShouldBe(System.Text.RegularExpressions.Regex.IsMatch(kind, @"\A[a-z][a-z0-9_]{0,31}\z"));
    }

    [Fact]
    public void Describe_EveryError_HasText()
    {
        // Act / Assert
        foreach (SubjectError error in Enum.GetValues<SubjectError>())
        {
            SubjectErrors.Describe(error).ShouldNotBeNullOrWhiteSpace();
        }
    }
}
