using System.Globalization;
using System.Text.Json;

namespace Heed.Registry.Overrides;

/// <summary>Reads a requested TTL: whole seconds as a JSON number, or a string of amounts with units (<c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>1d</c>).</summary>
public static class OverrideTtl
{
    /// <summary>The TTL in whole seconds, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static long? Parse(JsonElement? ttl, out string problem)
    {
        problem = string.Empty;
        long? seconds = ttl switch
        {
            null or { ValueKind: JsonValueKind.Null } => Fail(out problem, "the ttl is required, e.g. \"30m\" or 1800 (seconds)"),
            { ValueKind: JsonValueKind.Number } n => n.TryGetInt64(out long s) ? s : Fail(out problem, "a ttl in seconds must be a whole number"),
            { ValueKind: JsonValueKind.String } t => ParseText(t.GetString()!, out problem),
            _ => Fail(out problem, "the ttl must be a number of seconds or a duration such as \"30m\""),
        };
        if (seconds is <= 0)
        {
            return Fail(out problem, "the ttl must be positive");
        }

        return seconds;
    }

    private static long? ParseText(string text, out string problem)
    {
        problem = string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long plain))
        {
            return plain;
        }

        long total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            long unit = i < text.Length ? text[i] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86_400, _ => 0 } : 0;
            if (i == start || unit == 0 || i - start > 9)
            {
                return Fail(out problem, $"'{Heed.Registry.Api.SubjectInput.Clip(text)}' is not a duration; use e.g. \"90s\", \"30m\", \"4h\" or \"1h30m\"");
            }

            total += long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture) * unit;
            i++;
        }

        return total;
    }

    private static long? Fail(out string problem, string why)
    {
        problem = why;
        return null;
    }
}
