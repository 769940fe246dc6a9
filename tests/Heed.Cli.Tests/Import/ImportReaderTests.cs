using Heed.Cli.Commands;
using Heed.Cli.Import;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Import;

public sealed class ImportReaderTests
{
    private const string Email = "marketing.communications.email";
    private static readonly PurposeCatalog Catalog = new(FakeImportTarget.DefaultPurposes.Purposes);

    [Fact]
    public void Read_SendGridSample_EveryRowAnEmailOptOut()
    {
        ImportPlan plan = ImportReader.Read(Samples.PathOf(Samples.SendGrid), null, Catalog);

        plan.IsValid.ShouldBeTrue(string.Join('\n', plan.Errors));
        plan.Layout.Flavour.ShouldBe(ImportFlavour.SendGrid);
        plan.Rows.Count.ShouldBe(6);
        plan.Rows.ShouldAllBe(r => r.Purpose == Email);
        plan.Rows.ShouldContain(new ImportRow("email:bob.smith@example.org", Email));
    }

    [Fact]
    public void Read_MailchimpSampleWithBomCrlfAndMultilineNote_EveryRowFromTheEmailColumn()
    {
        ImportPlan plan = ImportReader.Read(Samples.PathOf(Samples.Mailchimp), null, Catalog);

        plan.IsValid.ShouldBeTrue(string.Join('\n', plan.Errors));
        plan.Layout.Flavour.ShouldBe(ImportFlavour.Mailchimp);
        plan.Rows.Select(r => r.Subject).ShouldBe(
        [
            "email:grace.hopper@example.com",
            "email:henry.ford@example.org",
            "email:ines.garcia@example.es",
            "email:jules.martin@example.fr",
        ]);
    }

    [Fact]
    public void Read_GenericSampleWithPurposeOption_NormalizesSubjectsAndFillsEmptyPurposes()
    {
        ImportPlan plan = ImportReader.Read(Samples.PathOf(Samples.Generic), "analytics", Catalog);

        plan.IsValid.ShouldBeTrue(string.Join('\n', plan.Errors));
        plan.EmptyLines.ShouldBe(1);
        plan.Rows.ShouldBe(
        [
            new("user:8812", Email),
            new("email:kim.lee@example.com", "marketing"),
            new("phone:+14155550100", "marketing.communications.sms"),
            new("hashed_email:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "marketing.advertising.third_party.targeted"),
            new("user:9001", "analytics"),
            new("user:with,comma", "third_party_sharing.sale"),
            new("device:ab12-cd34", "analytics.reporting"),
        ]);
    }

    [Fact]
    public void Read_GenericSampleWithoutPurposeOption_RowWithEmptyPurposeRefusedByLine()
    {
        ImportPlan plan = ImportReader.Read(Samples.PathOf(Samples.Generic), null, Catalog);

        plan.InvalidRows.ShouldBe(1);
        plan.Errors.ShouldHaveSingleItem().Line.ShouldBe(6);
        plan.Errors[0].Message.ShouldContain("--purpose");
    }

    [Fact]
    public void Read_BadRowsSample_EachReportedWithItsLineNumber()
    {
        ImportPlan plan = ImportReader.Read(Samples.PathOf(Samples.GenericBadRows), null, Catalog);

        plan.IsValid.ShouldBeFalse();
        plan.InvalidRows.ShouldBe(3);
        plan.Errors.Select(e => e.Line).ShouldBe([4, 6, 7]);
        plan.Errors[0].Message.ShouldContain("email:not-an-address");
        plan.Errors[1].Message.ShouldContain("unknown purpose 'marketing.nonexistent'");
        plan.Errors[2].Message.ShouldContain("essential");
    }

    [Fact]
    public void Read_QuotedFieldSpanningLines_LaterRowsKeepTheirPhysicalLineNumbers()
    {
        using TempFile file = TempFile.WithText("email,created\r\n\"a@example.com\",\"2024-01-01\r\n10:00\"\r\n\r\nnot-an-email,2024-01-02\r\n", bom: true);

        ImportPlan plan = ImportReader.Read(file.Path, null, Catalog);

        plan.Rows.ShouldBe([new ImportRow("email:a@example.com", Email)]);
        plan.EmptyLines.ShouldBe(1);
        plan.Errors.ShouldHaveSingleItem().Line.ShouldBe(5);
    }

    [Fact]
    public void Read_QuotedSubjectsWithEscapedQuotes_Unescaped()
    {
        using TempFile file = TempFile.WithText("subject,purpose\n\"user:say \"\"hi\"\"\",analytics\n");

        ImportPlan plan = ImportReader.Read(file.Path, null, Catalog);

        plan.Rows.ShouldBe([new ImportRow("user:say \"hi\"", "analytics")]);
    }

    [Fact]
    public void Read_SendGridRowWithExtraField_RefusedBecauseColumnsWouldShift()
    {
        using TempFile file = TempFile.WithText("email,created\na@example.com,2024-01-01\nb@example.com,2024-01-01,oops\n");

        ImportPlan plan = ImportReader.Read(file.Path, null, Catalog);

        plan.Errors.ShouldHaveSingleItem().ToString().ShouldBe("line 3: has 3 fields but the header has 2 (a stray comma or an unclosed quote?)");
    }

    [Fact]
    public void Read_ManyBadRows_AllCountedFirstOnesKept()
    {
        string rows = string.Concat(Enumerable.Range(0, 120).Select(i => $"bad-{i}\n"));
        using TempFile file = TempFile.WithText("subject\n" + rows);

        ImportPlan plan = ImportReader.Read(file.Path, "analytics", Catalog, maxReportedErrors: 10);

        plan.InvalidRows.ShouldBe(120);
        plan.Errors.Count.ShouldBe(10);
        plan.Errors[^1].Line.ShouldBe(11);
        plan.Rows.ShouldBeEmpty();
    }

    [Fact]
    public void Read_SubjectOnlyHeaderWithoutPurpose_UsageError()
    {
        using TempFile file = TempFile.WithText("subject\nuser:1\n");

        UsageException error = Should.Throw<UsageException>(() => ImportReader.Read(file.Path, null, Catalog));

        error.Message.ShouldContain("--purpose");
    }

    [Theory]
    [InlineData("not a purpose!", "not a purpose name")]
    [InlineData("marketing.nope", "unknown purpose")]
    [InlineData("essential.service", "essential")]
    public void Read_InvalidPurposeOption_UsageErrorBeforeAnyRow(string purpose, string expected)
    {
        using TempFile file = TempFile.WithText("subject\nuser:1\n");

        UsageException error = Should.Throw<UsageException>(() => ImportReader.Read(file.Path, purpose, Catalog));

        error.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("id,mail\n1,a@example.com\n", "unrecognised header")]
    public void Read_EmptyFileOrUnknownHeader_UsageError(string text, string expected)
    {
        using TempFile file = TempFile.WithText(text);

        UsageException error = Should.Throw<UsageException>(() => ImportReader.Read(file.Path, null, Catalog));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Read_MissingFile_UsageError()
    {
        UsageException error = Should.Throw<UsageException>(() => ImportReader.Read("/nonexistent/heed.csv", null, Catalog));

        error.Message.ShouldContain("no such file");
    }
}
