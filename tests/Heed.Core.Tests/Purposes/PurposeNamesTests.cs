using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class PurposeNamesTests
{
    [Theory]
    [InlineData("all")]
    [InlineData("marketing")]
    [InlineData("marketing.communications.email")]
    [InlineData("train_ai_system")]
    [InlineData("a.b1.c_2")]
    [InlineData("x9")]
    public void IsValid_DottedLowerCaseSegments_ReturnsTrue(string name) =>
        PurposeNames.IsValid(name).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Marketing")]
    [InlineData("marketing.Email")]
    [InlineData("marketing.")]
    [InlineData(".marketing")]
    [InlineData("marketing..email")]
    [InlineData("1marketing")]
    [InlineData("marketing.1st")]
    [InlineData("_marketing")]
    [InlineData("marketing._x")]
    [InlineData("market-ing")]
    [InlineData("market ing")]
    [InlineData(" marketing")]
    [InlineData("marketing/email")]
    [InlineData("märketing")]
    public void IsValid_MalformedName_ReturnsFalse(string name) =>
        PurposeNames.IsValid(name).ShouldBeFalse();

    [Fact]
    public void IsValid_LengthLimit_Is128Characters()
    {
        // Arrange
        string longest = "a" + string.Concat(Enumerable.Repeat(".b", 63)) + "c";
        string tooLong = longest + "d";

        // Act / Assert
        longest.Length.ShouldBe(PurposeNames.MaxLength);
        PurposeNames.IsValid(longest).ShouldBeTrue();
        PurposeNames.IsValid(tooLong).ShouldBeFalse();
    }
}
