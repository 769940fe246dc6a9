using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Heed.Core.Subjects;

/// <summary>The Unicode rules every subject value follows, whatever its kind. Only text that is not
/// printable ASCII gets here.</summary>
internal static class SubjectText
{
    /// <summary>Room for a value while it is normalized: NFKC can grow text several times over.</summary>
    public const int ScratchLength = SubjectParser.MaxValueLength * 4;

    private const char CapitalIWithDot = '\u0130';

    private static readonly SearchValues<char> PrintableAscii =
        SearchValues.Create(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray());

    // SearchValues rather than ContainsAnyExceptInRange, whose precompiled generic code boxes its bounds.
    public static bool IsPrintableAscii(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(PrintableAscii);

    /// <summary>Refuses unpaired surrogates, U+FFFD (the mark of a lossy decoder), control characters and
    /// invisible ones: format (Cf: zero-width space, direction marks, BOM) and line or paragraph separators.</summary>
    public static SubjectError Check(ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(value, out Rune rune, out int consumed) != OperationStatus.Done || rune.Value == 0xFFFD)
            {
                return SubjectError.InvalidUnicode;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                    return SubjectError.ControlCharacter;
                case UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    return SubjectError.FormatCharacter;
            }

            value = value[consumed..];
        }

        return SubjectError.None;
    }

    /// <summary>Writes the NFC form of <paramref name="value"/>; refused when it holds a compatibility character
    /// (its NFKC form differs: full-width letters and digits, ligatures, superscripts, non-breaking spaces).</summary>
    public static SubjectError ToStrictNfc(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        if (!value.TryNormalize(destination, out written, NormalizationForm.FormC))
        {
            return SubjectError.ValueTooLong;
        }

        return destination[..written].IsNormalized(NormalizationForm.FormKC) ? SubjectError.None : SubjectError.CompatibilityCharacter;
    }

    /// <summary>Writes the NFKC form, lower-cased without regard to culture, for kinds whose case does not
    /// matter. <c>İ</c> (U+0130) becomes <c>i</c> and a combining dot, as Unicode's full lower-case mapping
    /// (and Java, JavaScript and Python) have it; the invariant culture would leave it as it is.</summary>
    [SkipLocalsInit]
    public static SubjectError ToFoldedNfkc(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        Span<char> compatible = stackalloc char[ScratchLength];
        if (!value.TryNormalize(compatible, out int length, NormalizationForm.FormKC))
        {
            return SubjectError.ValueTooLong;
        }

        ReadOnlySpan<char> rest = compatible[..length];
        while (!rest.IsEmpty)
        {
            int dotted = rest.IndexOf(CapitalIWithDot);
            ReadOnlySpan<char> run = dotted < 0 ? rest : rest[..dotted];
            if (destination.Length - written < run.Length + 2)
            {
                return SubjectError.ValueTooLong;
            }

            written += run.ToLowerInvariant(destination[written..]);
            if (dotted < 0)
            {
                break;
            }

            destination[written++] = 'i';
            destination[written++] = '\u0307';
            rest = rest[(dotted + 1)..];
        }

        // Lower-casing can undo NFKC (rarely); a form that is not stable would not survive a second pass.
        ReadOnlySpan<char> folded = destination[..written];
        return folded.IsNormalized(NormalizationForm.FormKC) && folded.Trim().Length == folded.Length
            ? Check(folded)
            : SubjectError.CompatibilityCharacter;
    }
}
