namespace Heed.Cli.Import;

/// <summary>Why a row was refused. <paramref name="Line"/> is the physical line in the file; the header is line 1.</summary>
public sealed record RowError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
