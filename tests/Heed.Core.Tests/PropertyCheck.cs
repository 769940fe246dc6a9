using FsCheck;
using FsCheck.Fluent;

namespace Heed.Core.Tests;

/// <summary>Runs an FsCheck property over a generator and fails the test with the shrunk counterexample.</summary>
public static class PropertyCheck
{
    public static void ForAll<T>(Gen<T> gen, Action<T> property, int runs = 1_000) =>
        Prop.ForAll(gen.ToArbitrary(), property).Check(Config.QuickThrowOnFailure.WithMaxTest(runs));
}
