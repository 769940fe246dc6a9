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
        SubjectError.InvalidKind => "the kind before the first ':' must match [a-z][a-z0-9_]{0,31} (case does not matter)",
        SubjectError.EmptyValue => "the value after 'kind:' is empty",
        SubjectError.ValueTooLong => $"the value is longer than {SubjectParser.MaxValueLength} characters",
        SubjectError.ControlCharacter => "the subject contains a control character",
        SubjectError.InvalidUnicode => "the subject is not valid Unicode (an unpaired surrogate, or U+FFFD from a lossy decoding)",
        SubjectError.InvalidEmail => "an email needs exactly one '@' with text on both sides",
        SubjectError.InvalidPhone => "a phone must be E.164: '+' and 8 to 15 digits",
        SubjectError.InvalidHashedEmail => "a hashed_email must be 64 hexadecimal digits (SHA-256)",
        SubjectError.FormatCharacter => "the subject contains an invisible Unicode character (zero-width space, direction mark, BOM, line separator)",
        SubjectError.CompatibilityCharacter => "the value contains a compatibility character (full-width letter or digit, ligature, superscript, non-breaking space); write its plain form",
        SubjectError.LeadingZero => "a value of digits is a number and is written without leading zeros",
        _ => "the subject is invalid",
    };
}
