namespace Heed.Gate.Policies;

/// <summary>The <c>Metadata</c> keys of a YARP route that configure Heed.</summary>
public static class MetadataKeys
{
    public const string Prefix = "Heed.";
    public const string Purposes = "Heed.Purposes";
    public const string Subject = "Heed.Subject";
    public const string SubjectKind = "Heed.SubjectKind";
    public const string SubjectOptional = "Heed.SubjectOptional";
    public const string OnDeny = "Heed.OnDeny";
    public const string DenyStatus = "Heed.DenyStatus";
    public const string Redact = "Heed.Redact";
    public const string CloudEvents = "Heed.CloudEvents";

    public static IReadOnlyList<string> All { get; } = [Purposes, Subject, SubjectKind, SubjectOptional, OnDeny, DenyStatus, Redact, CloudEvents];
}
