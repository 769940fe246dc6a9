namespace Heed.Cli.Import;

/// <summary>The CSV layouts <c>heed import</c> recognises from a file's header.</summary>
public enum ImportFlavour
{
    /// <summary><c>subject[,purpose]</c>: subjects already in <c>kind:value</c> form.</summary>
    Generic,

    /// <summary>SendGrid's global unsubscribes export: <c>email,created</c>.</summary>
    SendGrid,

    /// <summary>Mailchimp's unsubscribed-members export: <c>Email Address,…,UNSUB_TIME,…</c>.</summary>
    Mailchimp,
}
