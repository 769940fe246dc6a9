using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Heed.Checks.Http;

/// <summary>A parsed <c>POST /v1/check</c> body. The texts point into the caller's buffers.</summary>
internal ref struct ParsedCheck
{
    public ReadOnlySpan<char> Subject;
    public ReadOnlySpan<char> Purpose;
    public bool HasSubject;
    public bool HasPurpose;
    public long Token;
}

/// <summary>
/// Parses the body of a single check in place, with the rules of the JSON contract (<see cref="CheckBody"/>,
/// web defaults: names case-insensitive, a token may be a number or a numeric string, unknown members
/// skipped, no comments or trailing commas, depth at most 64), without allocating: the subject and the
/// purpose are unescaped into the caller's stack buffers. A member named twice is refused: a reader that
/// keeps the first and one that keeps the last would check different subjects.
/// </summary>
internal static class CheckBodyParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="body"/>; false with the 400 problem to answer when it is not a check.</summary>
    public static bool TryParse(in ReadOnlySequence<byte> body, Span<char> subjectBuffer, Span<char> purposeBuffer, out ParsedCheck check, out IResult? problem)
    {
        check = default;
        problem = null;
        if (body.IsEmpty)
        {
            problem = ApiProblems.BadRequest("the request needs a JSON body");
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body, Options);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                problem = ApiProblems.BadRequest("the body must be a JSON object, not null");
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = Invalid("the body must be a JSON object");
                return false;
            }

            bool hasSubject = false;
            bool hasPurpose = false;
            bool hasService = false;
            bool hasToken = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Field field = Name(ref reader);
                reader.Read();
                switch (field)
                {
                    case Field.Subject when Once(ref hasSubject, "subject", out problem):
                        if (!Text(ref reader, "subject", subjectBuffer, out check.Subject, out bool subjectSet, out problem))
                        {
                            return false;
                        }

                        check.HasSubject = subjectSet;
                        break;
                    case Field.Purpose when Once(ref hasPurpose, "purpose", out problem):
                        if (!Text(ref reader, "purpose", purposeBuffer, out check.Purpose, out bool purposeSet, out problem))
                        {
                            return false;
                        }

                        check.HasPurpose = purposeSet;
                        break;
                    case Field.Service when Once(ref hasService, "service", out problem):
                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                        {
                            problem = Invalid("'service' must be a string (at $.service)");
                            return false;
                        }

                        break;
                    case Field.Token when Once(ref hasToken, "token", out problem):
                        if (!Token(ref reader, out check.Token, out problem))
                        {
                            return false;
                        }

                        break;
                    case Field.Other:
                        reader.Skip();
                        break;
                    default:
                        return false; // named twice: Once set the problem
                }
            }

            // Past the object only the end may follow; the reader throws on a second value.
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException ex)
        {
            problem = Invalid(JsonBody.Describe(ex));
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid UTF-16 once unescaped, e.g. a lone surrogate "\uD800".
            problem = Invalid(ex.Message);
            return false;
        }
    }

    private enum Field
    {
        Other,
        Subject,
        Purpose,
        Service,
        Token,
    }

    private static Field Name(scoped ref Utf8JsonReader reader)
    {
        // Escaped, "subject" is up to 42 bytes (\u0073 per character): a shorter copy would skip it.
        Span<byte> copy = stackalloc byte[64];
        scoped ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            name = reader.ValueSpan;
        }
        else
        {
            long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > copy.Length)
            {
                return Field.Other;
            }

            name = copy[..reader.CopyString(copy)];
        }

        return name.Length switch
        {
            7 when Ascii.EqualsIgnoreCase(name, "subject"u8) => Field.Subject,
            7 when Ascii.EqualsIgnoreCase(name, "purpose"u8) => Field.Purpose,
            7 when Ascii.EqualsIgnoreCase(name, "service"u8) => Field.Service,
            5 when Ascii.EqualsIgnoreCase(name, "token"u8) => Field.Token,
            _ => Field.Other,
        };
    }

    /// <summary>True the first time a member is seen; after that false, with the problem.</summary>
    private static bool Once(ref bool seen, string name, out IResult? problem)
    {
        if (seen)
        {
            problem = Invalid($"'{name}' appears more than once");
            return false;
        }

        seen = true;
        problem = null;
        return true;
    }

    private static bool Text(scoped ref Utf8JsonReader reader, string name, Span<char> buffer, out ReadOnlySpan<char> text, out bool set, out IResult? problem)
    {
        text = default;
        set = false;
        problem = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true; // as if absent: reported as missing
            case JsonTokenType.String:
                // Unescaped UTF-16 is never longer than the UTF-8 it came from; a text longer than the buffer
                // is over any valid length, and is decided on as a string (it is refused by the check).
                long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                text = length <= buffer.Length ? buffer[..reader.CopyString(buffer)] : reader.GetString().AsSpan();
                set = true;
                return true;
            default:
                problem = Invalid($"'{name}' must be a string (at $.{name})");
                return false;
        }
    }

    private static bool Token(scoped ref Utf8JsonReader reader, out long token, out IResult? problem)
    {
        token = 0;
        problem = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out token):
                return true;
            case JsonTokenType.String when Digits(ref reader, out token):
                return true;
            default:
                problem = Invalid("'token' must be an LSN, a whole number (at $.token)");
                return false;
        }
    }

    /// <summary>A numeric string, wherever the reader holds it (one segment or several, escaped or not).</summary>
    private static bool Digits(scoped ref Utf8JsonReader reader, out long token)
    {
        token = 0;
        Span<byte> copy = stackalloc byte[128];
        long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > copy.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> digits = copy[..reader.CopyString(copy)];
        return Utf8Parser.TryParse(digits, out token, out int consumed) && consumed == digits.Length;
    }

    private static IResult Invalid(string detail) => ApiProblems.BadRequest("the body is not valid JSON for this request: " + detail);
}
