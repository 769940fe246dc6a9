using FsCheck;
using FsCheck.Fluent;

namespace Heed.Core.Tests.Subjects;

/// <summary>Generators of subjects: accepted ones of every kind, equivalent spellings, and noise.</summary>
public static class SubjectGenerators
{
    // Letters whose upper and lower case map onto each other one to one, so case flips are reversible.
    private const string Letters = "abcdefghijklmnopqrstuvwxyzäöüéñ";
    private const string EmailSymbols = "0123456789._+-'";
    private const string Hex = "0123456789abcdef";
    private const string PhoneSeparators = " -.()";

    // Printable text for other kinds: ASCII, Latin-1 letters, CJK, a surrogate pair, a combining accent,
    // inner spaces. (Not starting with '0' or '-': a zero-padded number is refused.)
    private static readonly string[] ValuePieces =
    [
        "a", "Z", "0", "9", "-", "_", ".", ":", "@", "/", "+", "=", " ", "é", "Ü", "ß", "中", "😀", "e\u0301",
    ];

    private static readonly string[] Kinds = ["user", "account", "device_id", "k", "crm_contact_v2", "emailx"];

    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r', '\u00A0', '\u2003', '\u3000'];

    public static Gen<string> Padding =>
        Gen.Elements(Whitespace).ArrayOf().Select(cs => new string(cs.Take(4).ToArray()));

    /// <summary>A canonical email: lower case, one '@'.</summary>
    public static Gen<string> CanonicalEmail =>
        from local in Word(Letters + EmailSymbols, 1, 20)
        from domain in Word(Letters + ".-", 1, 20)
        select local + "@" + domain;

    /// <summary>The digits of a phone number: 8 to 15 of them.</summary>
    public static Gen<string> PhoneDigits =>
        from length in Gen.Choose(8, 15)
        from digits in Gen.Elements("0123456789".ToCharArray()).ArrayOf(length)
        select new string(digits);

    public static Gen<string> CanonicalHash => Gen.Elements(Hex.ToCharArray()).ArrayOf(64).Select(cs => new string(cs));

    public static Gen<string> OtherValue =>
        from count in Gen.Choose(1, 40)
        from pieces in Gen.Elements(ValuePieces).ArrayOf(count)
        let value = string.Concat(pieces).Trim()
        select value.Length == 0 || value[0] is '0' or '-' ? "x" + value : value;

    /// <summary>Subjects that the parser accepts, of every kind, in many spellings.</summary>
    public static Gen<string> Accepted => Gen.OneOf(
        EmailVariant(CanonicalEmail).Select(v => v.Variant),
        PhoneVariant(PhoneDigits).Select(v => v.Variant),
        HashedEmailVariant(CanonicalHash).Select(v => v.Variant),
        from kind in Gen.Elements(Kinds)
        from value in OtherValue
        from left in Padding
        from right in Padding
        select left + kind + ":" + value + right);

    /// <summary>Pieces that have broken subject handling somewhere: kinds in other cases, separators a
    /// decoder or a list parser reads, numbers in other spellings, and Unicode that looks like something else.</summary>
    public static readonly string[] TrickyPieces =
    [
        "user:", "User:", "EMAIL:", "Email:", "email:", "phone:", "e-mail:", ":", "8812", "08812", "8812.0", "8.812e3",
        "@", "alice", "Ä", "e\u0301", "\u00E9", "\u0130", "\u0131", "\u212A", "\uFF21", "\uFF18", "\uFF20", "\u00A8",
        "\u200B", "\u200F", "\uFEFF", "\u2028", "\u00A0", "\uFFFD", "\uD83D\uDE00", "\uD800", "/", "%2F", "%ff", "+",
        " ", ",", ";", "=", "~1", "\t",
    ];

    /// <summary>Random sequences of <see cref="TrickyPieces"/>.</summary>
    public static Gen<string> Tricky =>
        from count in Gen.Choose(1, 8)
        from pieces in Gen.Elements(TrickyPieces).ArrayOf(count)
        select string.Concat(pieces);

    /// <summary>Anything: accepted subjects, random text after a known kind, and random strings.</summary>
    public static Gen<string> Anything => Gen.OneOf(
        Accepted,
        from kind in Gen.Elements("email", "phone", "hashed_email", "user", "User", "")
        from text in ArbMap.Default.GeneratorFor<string>()
        select kind + ":" + text,
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));

    public static Gen<(string Canonical, string Variant)> EmailVariant(Gen<string> canonical) =>
        from email in canonical
        from flips in Gen.Elements(true, false).ArrayOf(email.Length)
        from left in Padding
        from right in Padding
        select ("email:" + email, left + "email:" + left + Flip(email, flips) + right);

    public static Gen<(string Canonical, string Variant)> PhoneVariant(Gen<string> digits) =>
        from number in digits
        from separators in Gen.Elements(PhoneSeparators.ToCharArray()).ArrayOf().Select(s => new string(s.Take(3).ToArray())).ArrayOf(number.Length + 1)
        from left in Padding
        from right in Padding
        select ("phone:+" + number, left + "phone:" + Interleave("+" + number, separators) + right);

    public static Gen<(string Canonical, string Variant)> HashedEmailVariant(Gen<string> hash) =>
        from h in hash
        from flips in Gen.Elements(true, false).ArrayOf(h.Length)
        from left in Padding
        from right in Padding
        select ("hashed_email:" + h, left + "hashed_email:" + Flip(h, flips) + right);

    private static Gen<string> Word(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.Elements(alphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);

    private static string Flip(string text, bool[] flips)
    {
        char[] chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (flips[i])
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    }

    // Puts separators[i] before character i; separators[^1] after the last (then the whole value
    // is trimmed anyway, so a trailing space is harmless).
    private static string Interleave(string number, string[] separators)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < number.Length; i++)
        {
            builder.Append(separators[i % separators.Length]).Append(number[i]);
        }

        return builder.Append(separators[^1]).ToString();
    }
}
