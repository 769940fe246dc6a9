using Heed.Storage.Audit;

namespace Heed.Storage.Tests.Audit;

public sealed class CheckpointTests
{
    [Fact]
    public void ToText_IsOriginSizeAndBase64Root()
    {
        var checkpoint = new Checkpoint("heed/l1", 8, MerkleVectors.Roots[7]);

        checkpoint.ToText().ShouldBe("heed/l1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    }

    [Fact]
    public void TryParse_ItsOwnText_GivesItBack()
    {
        var checkpoint = new Checkpoint("heed/l1", 8, MerkleVectors.Roots[7]);

        Checkpoint.TryParse(checkpoint.ToText(), out Checkpoint? parsed).ShouldBeTrue();

        parsed.ShouldBe(checkpoint);
    }

    [Fact]
    public void TryParse_ExtensionLines_AreAllowed()
    {
        Checkpoint.TryParse("heed/l1\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nextra\n", out Checkpoint? parsed).ShouldBeTrue();

        parsed!.Size.ShouldBe(0);
        parsed.Root.ShouldBe(MerkleHash.Empty.ToArray());
    }

    [Theory]
    [InlineData("heed/l1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=")]
    [InlineData("heed/l1\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("heed/l1\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("heed/l1\n8\nXcnaea==\n")]
    [InlineData("\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("heed/l1\n8\n")]
    public void TryParse_Malformed_Fails(string text)
    {
        Checkpoint.TryParse(text, out _).ShouldBeFalse();
    }
}
