namespace Heed.Cli.Import;

/// <summary>Quoting file content in messages: short, and with control characters made visible, not obeyed.</summary>
public static class ImportText
{
    private const int MaxQuoted = 64;

    public static string Clip(ReadOnlySpan<char> value)
    {
        ReadOnlySpan<char> shown = value.Length <= MaxQuoted ? value : value[..MaxQuoted];
        Span<char> buffer = stackalloc char[shown.Length];
        for (int i = 0; i < shown.Length; i++)
        {
            buffer[i] = char.IsControl(shown[i]) ? '\uFFFD' : shown[i];
        }

        return value.Length <= MaxQuoted ? new string(buffer) : new string(buffer) + "…";
    }
}
