using System.IO.Hashing;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Subjects;

public sealed class SubjectParserProperties
{
    private const int Runs = 2_000;

    [Fact]
    public void TryNormalize_AcceptedSubject_IsIdempotent() =>
        Check(SubjectGenerators.Accepted, input =>
        {
            SubjectParser.TryNormalize(input, out string once).ShouldBe(SubjectError.None, $"'{input}' should be accepted");
            SubjectParser.TryNormalize(once, out string twice).ShouldBe(SubjectError.None);
            twice.ShouldBe(once);
        });

    [Fact]
    public void TryNormalize_AnyAcceptedInput_IsIdempotent() =>
        Check(SubjectGenerators.Anything, input =>
        {
            if (SubjectParser.TryNormalize(input, out string once) == SubjectError.None)
            {
                SubjectParser.TryNormalize(once, out string twice).ShouldBe(SubjectError.None);
                twice.ShouldBe(once);
            }
        });

    [Fact]
    public void TryNormalize_TrickyInputWithOrWithoutDefaultKind_IsIdempotentAndNeverPrefixesTwice() =>
        Check(SubjectGenerators.Tricky, input =>
        {
            foreach (string? kind in new[] { null, "user", "email" })
            {
                if (SubjectParser.TryNormalize(input, kind, out string once) != SubjectError.None)
                {
                    continue;
                }

                // The canonical form names its kind: read again, with or without a default, it is itself.
                SubjectParser.TryNormalize(once, out string twice).ShouldBe(SubjectError.None, $"'{once}' from '{input}'");
                twice.ShouldBe(once);
                SubjectParser.TryNormalize(once, kind, out string withKind).ShouldBe(SubjectError.None);
                withKind.ShouldBe(once);
                once.ShouldNotContain("\u200B");
                once.ShouldNotContain("\uFEFF");
                once.IsNormalized(System.Text.NormalizationForm.FormC).ShouldBeTrue();
                if (input.Contains(':', StringComparison.Ordinal))
                {
                    // A value that names a kind is never prefixed: the default kind changes nothing.
                    SubjectParser.TryNormalize(input, out string own).ShouldBe(SubjectError.None);
                    own.ShouldBe(once);
                }
            }
        });

    [Fact]
    public void TryNormalize_EmailSpellings_MapToOneCanonicalForm() =>
        Check(SubjectGenerators.EmailVariant(SubjectGenerators.CanonicalEmail), pair =>
        {
            SubjectParser.TryNormalize(pair.Variant, out string canonical).ShouldBe(SubjectError.None);
            canonical.ShouldBe(pair.Canonical);
        });

    [Fact]
    public void TryNormalize_PhoneSpellings_MapToOneCanonicalForm() =>
        Check(SubjectGenerators.PhoneVariant(SubjectGenerators.PhoneDigits), pair =>
        {
            SubjectParser.TryNormalize(pair.Variant, out string canonical).ShouldBe(SubjectError.None);
            canonical.ShouldBe(pair.Canonical);
        });

    [Fact]
    public void TryNormalize_HashedEmailSpellings_MapToOneCanonicalForm() =>
        Check(SubjectGenerators.HashedEmailVariant(SubjectGenerators.CanonicalHash), pair =>
        {
            SubjectParser.TryNormalize(pair.Variant, out string canonical).ShouldBe(SubjectError.None);
            canonical.ShouldBe(pair.Canonical);
        });

    [Fact]
    public void TryNormalize_SpanAndStringApis_Agree() =>
        Check(SubjectGenerators.Anything, input =>
        {
            char[] buffer = new char[SubjectParser.MaxLength];
            SubjectError spanError = SubjectParser.TryNormalize(input.AsSpan(), buffer, out int written);
            SubjectError stringError = SubjectParser.TryNormalize(input, out string canonical);
            spanError.ShouldBe(stringError);
            new string(buffer, 0, written).ShouldBe(canonical);
        });

    [Fact]
    public void TryHash_AnyInput_EqualsHashOfCanonicalForm() =>
        Check(SubjectGenerators.Anything, input =>
        {
            SubjectError error = SubjectHash.TryHash(input, out ulong hash);
            SubjectError expectedError = SubjectParser.TryNormalize(input, out string canonical);
            error.ShouldBe(expectedError);
            if (error == SubjectError.None)
            {
                hash.ShouldBe(SubjectHash.Of(canonical));
                hash.ShouldBe(ReferenceHash(canonical));
                SubjectHash.TryHash(canonical, out ulong again).ShouldBe(SubjectError.None);
                again.ShouldBe(hash);
            }
            else
            {
                hash.ShouldBe(0UL);
            }
        });

    [Fact]
    public void TryHash_EquivalentSpellings_HashAlike() =>
        Check(
            Gen.OneOf(
                SubjectGenerators.EmailVariant(SubjectGenerators.CanonicalEmail),
                SubjectGenerators.PhoneVariant(SubjectGenerators.PhoneDigits),
                SubjectGenerators.HashedEmailVariant(SubjectGenerators.CanonicalHash)),
            pair =>
            {
                SubjectHash.TryHash(pair.Variant, out ulong variant).ShouldBe(SubjectError.None);
                SubjectHash.TryHash(pair.Canonical, out ulong canonical).ShouldBe(SubjectError.None);
                variant.ShouldBe(canonical);
            });

    // Written independently of SubjectHash: XXH3-64 of the canonical UTF-8 bytes, 0 mapped to 1.
    internal static ulong ReferenceHash(string canonical)
    {
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(canonical));
        return hash == 0 ? 1 : hash;
    }

    private static void Check<T>(Gen<T> gen, Action<T> property) => PropertyCheck.ForAll(gen, property, Runs);
}
