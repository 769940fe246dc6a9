using Heed.Core.Schemas;

namespace Heed.Core.Tests.Schemas;

public sealed class SchemaTransitionsTests
{
    private const string Type = "com.example.order.placed";

    private static EventSchema At(int version, SchemaStatus status) => new(Type, version, null, ["marketing"], status);

    [Theory]
    [InlineData(SchemaStatus.Active, SchemaStatus.Deprecated)]
    [InlineData(SchemaStatus.Active, SchemaStatus.Retired)]
    [InlineData(SchemaStatus.Deprecated, SchemaStatus.Retired)]
    public void CheckStatus_Forward_IsAllowed(SchemaStatus from, SchemaStatus to)
    {
        SchemaTransitions.CheckStatus(Type, 1, At(1, from), to).ShouldBeNull();
    }

    [Theory]
    [InlineData(SchemaStatus.Deprecated, SchemaStatus.Deprecated)]
    [InlineData(SchemaStatus.Retired, SchemaStatus.Deprecated)]
    [InlineData(SchemaStatus.Retired, SchemaStatus.Retired)]
    [InlineData(SchemaStatus.Retired, SchemaStatus.Active)]
    [InlineData(SchemaStatus.Deprecated, SchemaStatus.Active)]
    public void CheckStatus_BackwardOrAgain_IsATransitionConflict(SchemaStatus from, SchemaStatus to)
    {
        SchemaTransitions.CheckStatus(Type, 1, At(1, from), to).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Transition);
    }

    [Fact]
    public void CheckStatus_UnregisteredVersion_IsUnknown()
    {
        SchemaTransitions.CheckStatus(Type, 7, null, SchemaStatus.Retired).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Unknown);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    public void CheckMinimum_UpToTheHighestAndNotLowered_IsAllowed(int minimum, int current)
    {
        SchemaTransitions.CheckMinimum(Type, minimum, At(3, SchemaStatus.Active), current).ShouldBeNull();
    }

    [Fact]
    public void CheckMinimum_AboveTheHighest_IsATransitionConflict()
    {
        SchemaConflict? conflict = SchemaTransitions.CheckMinimum(Type, 4, At(3, SchemaStatus.Active), 0);

        conflict.ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Transition);
        conflict.Detail.ShouldContain("highest registered version 3");
    }

    [Fact]
    public void CheckMinimum_Lowered_IsATransitionConflict()
    {
        SchemaTransitions.CheckMinimum(Type, 1, At(3, SchemaStatus.Active), 2).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Transition);
    }

    [Fact]
    public void CheckMinimum_BelowOneOrUnknownType_IsRefused()
    {
        SchemaTransitions.CheckMinimum(Type, 0, At(3, SchemaStatus.Active), 0).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Invalid);
        SchemaTransitions.CheckMinimum(Type, 1, null, 0).ShouldNotBeNull().Kind.ShouldBe(SchemaConflictKind.Unknown);
    }

    [Theory]
    [InlineData(SchemaStatus.Active)]
    [InlineData(SchemaStatus.Deprecated)]
    [InlineData(SchemaStatus.Retired)]
    public void Name_RoundTripsThroughTryParseStatus(SchemaStatus status)
    {
        SchemaTransitions.TryParseStatus(SchemaTransitions.Name(status), out SchemaStatus parsed).ShouldBeTrue();

        parsed.ShouldBe(status);
        SchemaTransitions.TryParseStatus("Retired", out _).ShouldBeFalse();
    }
}
