using Heed.Cli.Import;

namespace Heed.Cli.Tests.Import;

public sealed class FlavourDetectorTests
{
    private static readonly string[] MailchimpHeader =
    [
        "Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday", "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP",
        "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION", "UNSUB_TIME",
        "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON", "UNSUB_REASON_OTHER", "LEID", "EUID", "NOTES", "TAGS",
    ];

    [Fact]
    public void Detect_SubjectOnly_GenericWithoutPurposeColumn()
    {
        ImportLayout? layout = FlavourDetector.Detect(["subject"]);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.Generic);
        layout.PurposeColumn.ShouldBeNull();
        layout.DefaultPurpose.ShouldBeNull();
        layout.SubjectKind.ShouldBeNull();
    }

    [Fact]
    public void Detect_SubjectAndPurposeAnyCaseAndSpacing_GenericWithPurposeColumn()
    {
        ImportLayout? layout = FlavourDetector.Detect([" Subject ", "PURPOSE"]);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.Generic);
        layout.PurposeColumn.ShouldBe(1);
        layout.Name.ShouldBe("generic");
    }

    [Fact]
    public void Detect_ExportCsvHeader_GenericSoExportsImportBack()
    {
        ImportLayout? layout = FlavourDetector.Detect(["subject", "purpose", "since", "lsn", "source"]);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.Generic);
        layout.ColumnCount.ShouldBe(5);
    }

    [Fact]
    public void Detect_EmailCreated_SendGridWithEmailDefaults()
    {
        ImportLayout? layout = FlavourDetector.Detect(["email", "created"]);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.SendGrid);
        layout.Name.ShouldBe("sendgrid");
        layout.SubjectKind.ShouldBe("email");
        layout.DefaultPurpose.ShouldBe("marketing.communications.email");
        layout.ExactColumnCount.ShouldBeTrue();
    }

    [Theory]
    [InlineData("email,created,reason,status")]
    [InlineData("email,created,ip")]
    [InlineData("email")]
    public void Detect_SendGridBounceOrSpamExport_NotRecognised(string header)
    {
        ImportLayout? layout = FlavourDetector.Detect(header.Split(','));

        layout.ShouldBeNull();
    }

    [Fact]
    public void Detect_MailchimpUnsubscribedExport_MailchimpOnEmailColumn()
    {
        ImportLayout? layout = FlavourDetector.Detect(MailchimpHeader);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.Mailchimp);
        layout.SubjectColumn.ShouldBe(0);
        layout.ColumnCount.ShouldBe(MailchimpHeader.Length);
        layout.DefaultPurpose.ShouldBe("marketing.communications.email");
    }

    [Fact]
    public void Detect_MailchimpWithReorderedMergeFields_FindsEmailByName()
    {
        ImportLayout? layout = FlavourDetector.Detect(["Name", "Email Address", "MEMBER_RATING", "UNSUB_TIME", "UNSUB_CAMPAIGN_ID", "UNSUB_CAMPAIGN_ID"]);

        layout.ShouldNotBeNull();
        layout.Flavour.ShouldBe(ImportFlavour.Mailchimp);
        layout.SubjectColumn.ShouldBe(1);
    }

    [Fact]
    public void Detect_MailchimpSubscribedOrCleanedExport_NotRecognised()
    {
        string[] subscribed = [.. MailchimpHeader.Where(c => !c.StartsWith("UNSUB_", StringComparison.Ordinal)), "LAST_CHANGED"];

        ImportLayout? layout = FlavourDetector.Detect(subscribed);

        layout.ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("id,email")]
    [InlineData("purpose,subject")]
    [InlineData("Email Address,First Name")]
    public void Detect_OtherHeaders_NotRecognised(string header)
    {
        ImportLayout? layout = FlavourDetector.Detect(header.Length == 0 ? [] : header.Split(','));

        layout.ShouldBeNull();
    }
}
