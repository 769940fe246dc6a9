using System.Globalization;
using System.Text;

namespace Heed.Storage.Ledger;

/// <summary>
/// A JSON string as RFC 8785 (JCS, §3.2.2.2) writes it, in UTF-8: only <c>"</c>, <c>\</c> and the control characters
/// are escaped (<c>\b \t \n \f \r</c>, else <c>\u00xx</c> in lowercase hex); everything else, non-ASCII and <c>&lt;</c>
/// included, is written as itself. The one escaper of ledger bodies and audit leaves, so both are canonical alike.
/// </summary>
public static class CanonicalString
{
    /// <summary>The most bytes <see cref="Write"/> needs for <paramref name="value"/>: quotes, and 6 bytes a char at worst.</summary>
    public static int MaxLength(string value) => checked(2 + (6 * value.Length));

    /// <summary>Writes <paramref name="value"/> quoted and escaped; returns the bytes written.</summary>
    public static int Write(string value, Span<byte> destination)
    {
        int at = 0;
        destination[at++] = (byte)'"';
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is not ('"' or '\\') && c >= ' ')
            {
                continue;
            }

            at += Encoding.UTF8.GetBytes(value.AsSpan(start, i - start), destination[at..]);
            byte code = c switch
            {
                '"' => (byte)'"',
                '\\' => (byte)'\\',
                '\b' => (byte)'b',
                '\f' => (byte)'f',
                '\n' => (byte)'n',
                '\r' => (byte)'r',
                '\t' => (byte)'t',
                _ => (byte)'u',
            };
            destination[at++] = (byte)'\\';
            destination[at++] = code;
            if (code == (byte)'u')
            {
                ((int)c).TryFormat(destination[at..], out int written, "x4", CultureInfo.InvariantCulture);
                at += written;
            }

            start = i + 1;
        }

        at += Encoding.UTF8.GetBytes(value.AsSpan(start), destination[at..]);
        destination[at++] = (byte)'"';
        return at;
    }
}
