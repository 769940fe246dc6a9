namespace Heed.Cli.Import;

/// <summary>Where a detected flavour keeps what an import needs.</summary>
/// <param name="Flavour">The layout recognised from the header.</param>
/// <param name="SubjectColumn">The column holding the subject (or the email address).</param>
/// <param name="PurposeColumn">The column holding a per-row purpose, if the layout has one.</param>
/// <param name="SubjectKind">The kind to prefix values with (<c>email</c>), or null when values are <c>kind:value</c> already.</param>
/// <param name="DefaultPurpose">The purpose used when neither the row nor <c>--purpose</c> names one.</param>
/// <param name="ColumnCount">Fields in the header.</param>
/// <param name="ExactColumnCount">Whether every row must have exactly <paramref name="ColumnCount"/> fields. Exports of
/// other tools are checked strictly: a row with a different count is a broken quote that would shift the email column.</param>
public sealed record ImportLayout(
    ImportFlavour Flavour,
    int SubjectColumn,
    int? PurposeColumn,
    string? SubjectKind,
    string? DefaultPurpose,
    int ColumnCount,
    bool ExactColumnCount)
{
    /// <summary>The flavour's name, also the default <c>source</c> of the opt-outs it writes.</summary>
    public string Name => Flavour switch
    {
        ImportFlavour.SendGrid => "sendgrid",
        ImportFlavour.Mailchimp => "mailchimp",
        _ => "generic",
    };
}
