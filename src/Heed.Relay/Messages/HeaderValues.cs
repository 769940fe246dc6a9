using System.Text;

namespace Heed.Relay.Messages;

/// <summary>AMQP 0-9-1 header values as text. The client hands long strings over as UTF-8 byte arrays.</summary>
public static class HeaderValues
{
    public static string? Find(IDictionary<string, object?>? headers, string name)
    {
        if (headers is null || !headers.TryGetValue(name, out object? value))
        {
            return null;
        }

        return value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            null => null,
            IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>The first of several spellings that is present.</summary>
    public static string? FindAny(IDictionary<string, object?>? headers, params ReadOnlySpan<string> names)
    {
        foreach (string name in names)
        {
            if (Find(headers, name) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
