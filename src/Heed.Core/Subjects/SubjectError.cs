namespace Heed.Core.Subjects;

/// <summary>Why a subject identifier was refused.</summary>
public enum SubjectError
{
    /// <summary>The subject is valid.</summary>
    None = 0,
    /// <summary>Nothing was given.</summary>
    Empty,
    /// <summary>No <c>:</c> between kind and value.</summary>
    MissingSeparator,
    /// <summary>The kind does not match <c>[a-z][a-z0-9_]{0,31}</c>.</summary>
    InvalidKind,
    /// <summary>Nothing after <c>kind:</c>.</summary>
    EmptyValue,
    /// <summary>The value is longer than <see cref="SubjectParser.MaxValueLength"/> characters.</summary>
    ValueTooLong,
    /// <summary>A control character.</summary>
    ControlCharacter,
    /// <summary>An unpaired surrogate.</summary>
    InvalidUnicode,
    /// <summary>An <c>email:</c> value without exactly one <c>@</c> with text on both sides.</summary>
    InvalidEmail,
    /// <summary>A <c>phone:</c> value that is not E.164.</summary>
    InvalidPhone,
    /// <summary>A <c>hashed_email:</c> value that is not 64 hexadecimal digits.</summary>
    InvalidHashedEmail,
    /// <summary>An invisible Unicode format character (category Cf: zero-width space, direction marks, BOM).</summary>
    FormatCharacter,
    /// <summary>A compatibility character (full-width forms, ligatures, superscripts) where the plain form is meant.</summary>
    CompatibilityCharacter,
    /// <summary>A value of digits written with leading zeros.</summary>
    LeadingZero,
}
