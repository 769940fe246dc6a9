using Heed.Cli.Commands;
using Heed.Core.Subjects;
using nietras.SeparatedValues;

namespace Heed.Cli.Import;

/// <summary>
/// Reads an import file completely and validates every row before anything is written: flavour from the
/// header, subjects normalized, purposes checked against the registry's taxonomy. Problems with the file as
/// a whole (missing, unrecognised header, no purpose to use) are usage errors; problems with rows are
/// collected with their physical line numbers.
/// </summary>
public static class ImportReader
{
    public const int DefaultMaxReportedErrors = 50;

    /// <param name="path">The CSV file.</param>
    /// <param name="purpose">The <c>--purpose</c> option: rows without a purpose get it; null for the flavour's default.</param>
    /// <param name="catalog">The registry's purposes.</param>
    /// <param name="maxReportedErrors">How many refused rows to keep for the report; all of them are counted.</param>
    public static ImportPlan Read(string path, string? purpose, PurposeCatalog catalog, int maxReportedErrors = DefaultMaxReportedErrors)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"no such file: {path}");
        }

        // The header is read as a row, not by Sep's header support, because real exports repeat column names
        // (Mailchimp has been seen with UNSUB_CAMPAIGN_ID twice) and Sep refuses duplicate names.
        using SepReader reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromFile(path);
        if (!reader.MoveNext())
        {
            throw new UsageException($"{path} is empty; expected a header: {FlavourDetector.SupportedHeaders}");
        }

        string[] header = reader.Current[0..reader.Current.ColCount].ToStringsArray();
        ImportLayout layout = FlavourDetector.Detect(header)
            ?? throw new UsageException($"{path}: unrecognised header '{ImportText.Clip(string.Join(',', header))}'; expected {FlavourDetector.SupportedHeaders}");

        string? fallbackPurpose = ResolvePurpose(purpose ?? layout.DefaultPurpose, catalog);
        if (fallbackPurpose is null && layout.PurposeColumn is null)
        {
            throw new UsageException($"{path} has no purpose column: pass --purpose");
        }

        var validator = new RowValidator(layout, fallbackPurpose, catalog);
        var rows = new List<ImportRow>();
        var errors = new List<RowError>();
        int invalid = 0;
        int empty = 0;
        while (reader.MoveNext())
        {
            SepReader.Row row = reader.Current;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                empty++;
                continue;
            }

            string? problem = validator.Validate(row, out ImportRow valid);
            if (problem is null)
            {
                rows.Add(valid);
                continue;
            }

            invalid++;
            if (errors.Count < maxReportedErrors)
            {
                errors.Add(new RowError(row.LineNumberFrom, problem));
            }
        }

        return new ImportPlan(layout, rows, errors, invalid, empty);
    }

    private static string? ResolvePurpose(string? purpose, PurposeCatalog catalog)
    {
        if (purpose is null)
        {
            return null;
        }

        string? problem = catalog.Check(purpose, out string known);
        return problem is null ? known : throw new UsageException("--purpose: " + problem);
    }

    /// <summary>Checks one row; kept apart so the loop above stays about lines and counting.</summary>
    private sealed class RowValidator(ImportLayout layout, string? fallbackPurpose, PurposeCatalog catalog)
    {
        private readonly string _prefix = layout.SubjectKind is null ? string.Empty : layout.SubjectKind + ":";

        public string? Validate(SepReader.Row row, out ImportRow valid)
        {
            valid = default;
            if (layout.ExactColumnCount ? row.ColCount != layout.ColumnCount : row.ColCount > layout.ColumnCount)
            {
                return $"has {row.ColCount} fields but the header has {layout.ColumnCount} (a stray comma or an unclosed quote?)";
            }

            string? subjectProblem = NormalizeSubject(row[layout.SubjectColumn].Span, out string subject);
            if (subjectProblem is not null)
            {
                return subjectProblem;
            }

            string purpose;
            ReadOnlySpan<char> rowPurpose = layout.PurposeColumn is int column && column < row.ColCount ? row[column].Span.Trim() : [];
            if (!rowPurpose.IsEmpty)
            {
                string? purposeProblem = catalog.Check(rowPurpose, out purpose);
                if (purposeProblem is not null)
                {
                    return purposeProblem;
                }
            }
            else if (fallbackPurpose is not null)
            {
                purpose = fallbackPurpose;
            }
            else
            {
                return "the purpose is empty and no --purpose was given";
            }

            valid = new ImportRow(subject, purpose);
            return null;
        }

        private string? NormalizeSubject(ReadOnlySpan<char> raw, out string subject)
        {
            subject = string.Empty;
            ReadOnlySpan<char> value = raw.Trim();
            if (value.IsEmpty)
            {
                return layout.SubjectKind is null ? "the subject is empty" : "the email address is empty";
            }

            if (value.Length > SubjectParser.MaxInputLength)
            {
                return $"the subject is longer than {SubjectParser.MaxInputLength} characters";
            }

            Span<char> input = stackalloc char[_prefix.Length + value.Length];
            _prefix.CopyTo(input);
            value.CopyTo(input[_prefix.Length..]);

            Span<char> canonical = stackalloc char[SubjectParser.MaxLength];
            SubjectError error = SubjectParser.TryNormalize(input, canonical, out int written);
            if (error != SubjectError.None)
            {
                return $"subject '{ImportText.Clip(input)}': {SubjectErrors.Describe(error)}";
            }

            subject = new string(canonical[..written]);
            return null;
        }
    }
}
