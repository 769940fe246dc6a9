using System.Globalization;

namespace Heed.Storage.Audit;

/// <summary>
/// A C2SP tlog-checkpoint (v1.0.0) body: the origin line, the tree size in decimal and the base64 root hash,
/// each ending in a newline. The registry's origin is <c>heed/&lt;ledger id&gt;</c>, also its key's name.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    /// <summary>The origin of a Heed ledger's checkpoints.</summary>
    public static string OriginOf(string ledgerId) => "heed/" + ledgerId;

    /// <summary>The note text that gets signed.</summary>
    public string ToText() => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    /// <summary>Reads a checkpoint body (extension lines after the root are allowed and ignored).</summary>
    public static bool TryParse(string text, out Checkpoint? checkpoint)
    {
        ArgumentNullException.ThrowIfNull(text);
        checkpoint = null;
        string[] lines = text.Split('\n');
        if (lines.Length < 4 || lines[^1].Length != 0 || lines[0].Length == 0
            || !IsCanonicalSize(lines[1]) || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            return false;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (root.Length != MerkleHash.Size)
        {
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root);
        return true;
    }

    private static bool IsCanonicalSize(string line) =>
        line.Length > 0 && line.All(char.IsAsciiDigit) && (line == "0" || line[0] != '0');

    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && Size == other.Size && Root.AsSpan().SequenceEqual(other.Root);

    public override int GetHashCode() => HashCode.Combine(Origin, Size);
}
