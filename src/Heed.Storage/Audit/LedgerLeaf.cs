using System.Buffers;
using System.Globalization;
using System.Text;
using Heed.Storage.Ledger;

namespace Heed.Storage.Audit;

/// <summary>
/// The bytes of an entry as a leaf of the audit tree: the UTF-8 of the canonical JSON object
/// <c>{"at":&lt;unix ms&gt;,"body":&lt;body&gt;,"kind":…,"lsn":…,"purpose":…,"subject":…}</c> with its keys in
/// this (sorted) order, no whitespace, <c>purpose</c> and <c>subject</c> left out when null, and the stored body
/// embedded verbatim as the value of <c>body</c> (it is canonical JSON already). Strings are escaped as RFC 8785
/// does: only <c>"</c>, <c>\</c> and control characters, so "café" stays "café" and "&lt;" stays "&lt;".
/// The leaf of the entry at LSN n is leaf n − 1 of the tree (docs/audit.md).
/// </summary>
public static class LedgerLeaf
{
    public static byte[] Bytes(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(128 + entry.Body.Length);
        Write(entry, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The leaf hash, SHA-256(0x00 ‖ <see cref="Bytes"/>).</summary>
    public static byte[] Hash(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new ArrayBufferWriter<byte>(128 + entry.Body.Length);
        Write(entry, buffer);
        return MerkleHash.Leaf(buffer.WrittenSpan);
    }

    public static void Write(LedgerEntry entry, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(output);
        Raw(output, "{\"at\":");
        Raw(output, entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Raw(output, ",\"body\":");
        Raw(output, entry.Body);
        Raw(output, ",\"kind\":");
        Quoted(output, entry.Kind);
        Raw(output, ",\"lsn\":");
        Raw(output, entry.Lsn.ToString(CultureInfo.InvariantCulture));
        if (entry.Purpose is not null)
        {
            Raw(output, ",\"purpose\":");
            Quoted(output, entry.Purpose);
        }

        if (entry.Subject is not null)
        {
            Raw(output, ",\"subject\":");
            Quoted(output, entry.Subject);
        }

        Raw(output, "}");
    }

    private static void Raw(IBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text, output);

    private static void Quoted(IBufferWriter<byte> output, string value)
    {
        Raw(output, "\"");
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escape is not null)
            {
                Encoding.UTF8.GetBytes(value.AsSpan(start, i - start), output);
                Raw(output, escape);
                start = i + 1;
            }
        }

        Encoding.UTF8.GetBytes(value.AsSpan(start), output);
        Raw(output, "\"");
    }
}
