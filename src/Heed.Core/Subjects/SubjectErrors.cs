namespace Heed.Core.Subjects;

/// <summary>Human-readable texts for <see cref="SubjectError"/>, used in problem details.</summary>
public static class SubjectErrors
{
    /// <summary>One sentence saying what is wrong, for a problem detail; never contains the subject.</summary>
    public static string Describe(SubjectError error) => error switch
    {
        SubjectError.None => "valid",
        SubjectError.Empty => "the subject is empty",
        SubjectError.MissingSeparator => "a subject is 'kind:value'; the ':' is missing",
        SubjectError.InvalidKind => "the kind must match [a-z][a-z0-9_]{0,31}",
        SubjectError.EmptyValue => "the value after 'kind:' is empty",
        SubjectError.ValueTooLong => $"the value is longer than {SubjectParser.MaxValueLength} characters",
        SubjectError.ControlCharacter => "the subject contains a control character",
        SubjectError.InvalidUnicode => "the subject is not valid Unicode (unpaired surrogate)",
        SubjectError.InvalidEmail => "an email needs exactly one '@' with text on both sides",
        SubjectError.InvalidPhone => "a phone must be E.164: '+' and 8 to 15 digits",
        SubjectError.InvalidHashedEmail => "a hashed_email must be 64 hexadecimal digits (SHA-256)",
        _ => "the subject is invalid",
    };
}
