namespace Heed.Cli.Import;

/// <summary>The outcome of reading and validating a whole file, before anything is written.</summary>
/// <param name="Layout">The flavour detected from the header.</param>
/// <param name="Rows">Valid rows, in file order.</param>
/// <param name="Errors">The first refused rows, in file order (at most the reader's limit).</param>
/// <param name="InvalidRows">How many rows were refused in all.</param>
/// <param name="EmptyLines">Blank lines, skipped.</param>
public sealed record ImportPlan(ImportLayout Layout, IReadOnlyList<ImportRow> Rows, IReadOnlyList<RowError> Errors, int InvalidRows, int EmptyLines)
{
    public bool IsValid => InvalidRows == 0;
}
