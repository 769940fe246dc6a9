using Heed.Storage.Audit;

namespace Heed.Storage.Tests.Audit;

/// <summary>The known answer of golang.org/x/mod, sumdb/note/note_test.go (TestGenerateKey's sibling
/// TestSign/TestOpen: the PeterNeumann key, text and signature), and what must not verify.</summary>
public sealed class SignedNoteTests
{
    private const string VerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string SignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string Signature = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void Sign_KnownKey_GivesTheKnownSignature()
    {
        using NoteSigner signer = NoteSigner.Parse(SignerKey);

        string note = signer.Sign(Text);

        note.ShouldBe(Text + "\n" + Signature);
        signer.VerifierKey.ShouldBe(VerifierKey);
        signer.ExportSignerKey().ShouldBe(SignerKey);
        signer.KeyId.ShouldBe(0xc74f20a3u);
    }

    [Fact]
    public void TryOpen_KnownNote_ReturnsItsText()
    {
        NoteVerifier verifier = NoteVerifier.Parse(VerifierKey);

        bool opened = verifier.TryOpen(Text + "\n" + Signature, out string text);

        opened.ShouldBeTrue();
        text.ShouldBe(Text);
    }

    [Fact]
    public void TryOpen_ChangedText_Fails()
    {
        NoteVerifier verifier = NoteVerifier.Parse(VerifierKey);

        verifier.TryOpen(Text.Replace("problem,", "problem;", StringComparison.Ordinal) + "\n" + Signature, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryOpen_ChangedSignature_Fails()
    {
        NoteVerifier verifier = NoteVerifier.Parse(VerifierKey);
        string changed = Signature.Replace("x08go/ZJ", "x08go/ZK", StringComparison.Ordinal);

        verifier.TryOpen(Text + "\n" + changed, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryOpen_OtherKey_Fails()
    {
        using NoteSigner other = NoteSigner.Generate("PeterNeumann");
        NoteVerifier verifier = NoteVerifier.Parse(other.VerifierKey);

        verifier.TryOpen(Text + "\n" + Signature, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryOpen_AlsoSignedByAnotherKey_IgnoresTheOtherSignature()
    {
        using NoteSigner other = NoteSigner.Generate("witness");
        NoteVerifier verifier = NoteVerifier.Parse(VerifierKey);

        verifier.TryOpen(Text + "\n" + other.SignatureLine(Text) + Signature, out string text).ShouldBeTrue();
        text.ShouldBe(Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no blank line\n")]
    [InlineData("text\n\n")]
    [InlineData("text\n\n— PeterNeumann !!!\n")]
    [InlineData("text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [InlineData("text\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")]
    public void TryOpen_Malformed_Fails(string note)
    {
        NoteVerifier verifier = NoteVerifier.Parse(VerifierKey);

        verifier.TryOpen(note, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+AhpcMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3")]
    [InlineData("PeterNeumann+c74f20a3+AhpcMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWxxxx")]
    public void ParseVerifier_BadKey_Throws(string key)
    {
        Should.Throw<FormatException>(() => NoteVerifier.Parse(key));
    }

    [Theory]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")]
    [InlineData("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a3+garbage")]
    public void ParseSigner_BadKey_Throws(string key)
    {
        Should.Throw<FormatException>(() => NoteSigner.Parse(key));
    }

    [Fact]
    public void Generate_RoundTrips_ThroughItsEncodings()
    {
        using NoteSigner signer = NoteSigner.Generate("heed/abc");
        using NoteSigner again = NoteSigner.Parse(signer.ExportSignerKey());

        string note = again.Sign("heed/abc\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");

        NoteVerifier.Parse(signer.VerifierKey).TryOpen(note, out _).ShouldBeTrue();
    }
}
