namespace Heed.Storage.Audit;

/// <summary>The text rules of a C2SP signed note.</summary>
internal static class NoteText
{
    /// <summary>A signature line starts with an em dash (U+2014) and a space.</summary>
    public const string Dash = "\u2014";

    public static bool IsValid(string text) =>
        text.Length > 0 && text[^1] == '\n' && !text.Any(c => char.IsControl(c) && c != '\n');
}
