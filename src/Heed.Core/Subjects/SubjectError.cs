namespace Heed.Core.Subjects;

/// <summary>Why a subject identifier was refused.</summary>
public enum SubjectError
{
    None = 0,
    Empty,
    MissingSeparator,
    InvalidKind,
    EmptyValue,
    ValueTooLong,
    ControlCharacter,
    InvalidUnicode,
    InvalidEmail,
    InvalidPhone,
    InvalidHashedEmail,
    FormatCharacter,
    CompatibilityCharacter,
    LeadingZero,
}
