namespace Heed.Core.Purposes;

/// <summary>Rules for purpose names: dotted lower-case segments <c>[a-z][a-z0-9_]*</c>, at most 128 characters.</summary>
public static class PurposeNames
{
    /// <summary>The longest purpose name, in characters.</summary>
    public const int MaxLength = 128;
    /// <summary>The root of every taxonomy.</summary>
    public const string All = "all";
    /// <summary>The node under which purposes cannot be opted out of.</summary>
    public const string Essential = "essential";

    /// <summary>Whether <paramref name="name"/> follows the rules above.</summary>
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        bool segmentStart = true;
        foreach (char c in name)
        {
            if (segmentStart)
            {
                if (!char.IsAsciiLetterLower(c))
                {
                    return false;
                }

                segmentStart = false;
            }
            else if (c == '.')
            {
                segmentStart = true;
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return !segmentStart;
    }
}
