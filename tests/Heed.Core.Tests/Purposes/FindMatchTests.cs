using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class FindMatchTests
{
    private readonly PurposeTaxonomy _taxonomy = DefaultTaxonomy.Create();

    [Theory]
    // An opt-out of the purpose itself, or above it: the highest opted-out ancestor explains it.
    [InlineData("marketing.communications.email", "marketing.communications.email", "marketing.communications.email")]
    [InlineData("marketing.communications.email", "marketing", "marketing")]
    [InlineData("marketing.communications.email", "marketing,marketing.communications", "marketing")]
    [InlineData("marketing.communications.email", "all,marketing", "all")]
    [InlineData("essential.service", "all", null)]
    // An opt-out below the purpose: checking a broad purpose covers its sub-purposes.
    [InlineData("marketing", "marketing.communications.sms", "marketing.communications.sms")]
    [InlineData("all", "train_ai_system", "train_ai_system")]
    [InlineData("marketing.advertising", "marketing.advertising.third_party.targeted", "marketing.advertising.third_party.targeted")]
    // Unrelated opt-outs explain nothing.
    [InlineData("marketing.communications.email", "marketing.communications.sms,analytics", null)]
    [InlineData("marketing.communications", "marketing.advertising", null)]
    [InlineData("analytics.reporting", "", null)]
    public void FindMatch_OptedOutNodes_ReturnsTheNodeThatDenies(string checkedName, string optedOut, string? expected)
    {
        // Arrange
        _taxonomy.TryGet(checkedName, out Purpose checkedPurpose).ShouldBeTrue();
        PurposeBits mask = PurposeBits.Empty;
        foreach (string name in optedOut.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            _taxonomy.TryGet(name, out Purpose p).ShouldBeTrue(name);
            mask |= PurposeBits.Of(p.Bit);
        }

        // Act
        Purpose? match = _taxonomy.FindMatch(checkedPurpose, mask);

        // Assert
        // Not `match?.Name.ShouldBe(...)`: that skips the assertion whenever FindMatch returns null.
        (match?.Name).ShouldBe(expected);
    }
}
