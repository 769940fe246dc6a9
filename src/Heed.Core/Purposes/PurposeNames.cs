namespace Heed.Core.Purposes;

/// <summary>Rules for purpose names: dotted lower-case segments <c>[a-z][a-z0-9_]*</c>, at most 128 characters.</summary>
public static class PurposeNames
{
    public const int MaxLength = 128;
    public const string All = "all";
    public const string Essential = "essential";

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
