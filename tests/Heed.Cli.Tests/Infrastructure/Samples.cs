namespace Heed.Cli.Tests.Infrastructure;

/// <summary>The sample exports under Import/Samples, copied next to the test assembly.</summary>
public static class Samples
{
    public const string SendGrid = "sendgrid-unsubscribes.csv";
    public const string Mailchimp = "mailchimp-unsubscribed.csv";
    public const string Generic = "generic-optouts.csv";
    public const string GenericBadRows = "generic-bad-rows.csv";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Samples", name);
}
