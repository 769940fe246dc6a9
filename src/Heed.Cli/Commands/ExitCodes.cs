namespace Heed.Cli.Commands;

/// <summary>
/// Exit codes of the admin commands, the same for every command so scripts can branch on them.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The registry answered with a problem (or the input data was refused); nothing more was done.</summary>
    public const int Problem = 1;

    /// <summary>The command line was wrong: a missing or malformed argument, option or file.</summary>
    public const int Usage = 2;

    /// <summary>The registry could not be reached, or the connection broke before it answered.</summary>
    public const int Unreachable = 3;

    /// <summary>
    /// <c>heed check --exit-code</c> only: the decision was a denial. Distinct from <see cref="Problem"/> so a
    /// script can tell "not allowed" from "could not ask"; both are non-zero, so a plain <c>if</c> fails closed.
    /// </summary>
    public const int Denied = 4;
}
