namespace Heed.Cli.Import;

/// <summary>Recognises the flavour of an import file from its header row alone.</summary>
public static class FlavourDetector
{
    /// <summary>Where email-only exports (SendGrid, Mailchimp) go unless <c>--purpose</c> says otherwise.</summary>
    public const string EmailPurpose = "marketing.communications.email";

    public const string SupportedHeaders =
        "'subject' or 'subject,purpose' (generic), 'email,created' (SendGrid unsubscribes) or a Mailchimp unsubscribed export ('Email Address',…,'UNSUB_TIME',…)";

    /// <summary>Returns the layout of <paramref name="header"/>, or null when it is none of the supported flavours.</summary>
    public static ImportLayout? Detect(IReadOnlyList<string> header)
    {
        if (header.Count == 0)
        {
            return null;
        }

        // Generic: 'subject' first, optionally 'purpose' second. Further columns are ignored, so the CSV that
        // 'heed export' writes (subject,purpose,since,lsn,source) can be imported back.
        if (Is(header[0], "subject"))
        {
            int? purpose = header.Count > 1 && Is(header[1], "purpose") ? 1 : null;
            return new ImportLayout(ImportFlavour.Generic, 0, purpose, null, null, header.Count, ExactColumnCount: false);
        }

        // SendGrid: exactly 'email,created'. Its other suppression exports (bounces, spam reports, blocks) add
        // columns; they are not opt-outs and must not be imported as if they were.
        if (header.Count == 2 && Is(header[0], "email") && Is(header[1], "created"))
        {
            return new ImportLayout(ImportFlavour.SendGrid, 0, null, "email", EmailPurpose, 2, ExactColumnCount: true);
        }

        // Mailchimp: 'Email Address' is first by default, but merge fields can be reordered, so it is looked up
        // by name. UNSUB_TIME tells the unsubscribed export from the subscribed and cleaned ones.
        int email = IndexOf(header, "Email Address");
        if (email >= 0 && IndexOf(header, "UNSUB_TIME") >= 0)
        {
            return new ImportLayout(ImportFlavour.Mailchimp, email, null, "email", EmailPurpose, header.Count, ExactColumnCount: true);
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (Is(header[i], name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Is(string column, string name) => column.AsSpan().Trim().Equals(name, StringComparison.OrdinalIgnoreCase);
}
