using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Heed.Registry.Api;

/// <summary>
/// The <c>{subject}</c> of <c>/v1/subjects/{subject}…</c>, percent-decoded from the raw request target
/// exactly once. The route value cannot be used: the server leaves <c>%2F</c> and invalid UTF-8 encoded and
/// decodes everything else, so <c>c%2Fd</c> and <c>c%252Fd</c> would both arrive as <c>c%2Fd</c>. Here
/// <c>%2F</c> is <c>/</c>, <c>%25</c> is <c>%</c>, <c>+</c> is itself, and a malformed escape, invalid
/// UTF-8 or a dot segment in the path is refused.
/// </summary>
public static class SubjectPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The decoded segment, or null with the reason in <paramref name="errors"/>.</summary>
    public static string? Read(HttpContext context, string field, Dictionary<string, string[]> errors) =>
        ReadAt(context, SubjectIndex, field, "the path must name the subject as one segment after /v1/subjects/, without '.' or '..' segments", errors);

    /// <summary>The decoded segment after <c>/v1/{collection}/</c> (e.g. a CloudEvents type after <c>/v1/schemas/</c>,
    /// which may hold <c>/</c> as <c>%2F</c>), decoded the same way, or null with the reason in <paramref name="errors"/>.</summary>
    public static string? ReadAfter(HttpContext context, string collection, string field, Dictionary<string, string[]> errors) =>
        ReadAt(
            context,
            segments => segments.Length > 3 && segments[1].Equals("v1", StringComparison.OrdinalIgnoreCase) && segments[2].Equals(collection, StringComparison.OrdinalIgnoreCase) ? 3 : -1,
            field,
            $"the path must name the {field} as one percent-encoded segment after /v1/{collection}/ ('/' as %2F), without '.' or '..' segments",
            errors);

    private static string? ReadAt(HttpContext context, Func<string[], int> find, string field, string shape, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        string decodedPath = context.Request.PathBase.Add(context.Request.Path).Value ?? "/";
        string rawPath = RawPath(context.Features.Get<IHttpRequestFeature>()?.RawTarget) ?? context.Request.PathBase.Add(context.Request.Path).ToUriComponent();
        string[] segments = decodedPath.Split('/');
        string[] rawSegments = rawPath.Split('/');
        int index = find(segments);
        if (index < 0 || rawSegments.Length != segments.Length || rawSegments.Any(IsDotSegment))
        {
            errors[field] = [shape];
            return null;
        }

        if (!TryDecode(rawSegments[index], out string value))
        {
            errors[field] = [$"the {field} in the path is not percent-encoded UTF-8 (each '%' is followed by two hexadecimal digits; a literal '%' is %25)"];
            return null;
        }

        return value;
    }

    /// <summary>The subject of the path in its canonical form (the registry's one subject function), or null
    /// with the reason in <paramref name="errors"/> under <c>subject</c>.</summary>
    public static string? ReadCanonical(HttpContext context, Dictionary<string, string[]> errors)
    {
        string? subject = Read(context, "subject", errors);
        return subject is null ? null : SubjectInput.ValidateSubject(subject, "subject", errors);
    }

    /// <summary>Decodes every <c>%XX</c> once, strictly.</summary>
    public static bool TryDecode(string segment, out string decoded)
    {
        decoded = segment;
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(segment.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            if (c == '%')
            {
                if (i + 2 >= segment.Length || !char.IsAsciiHexDigit(segment[i + 1]) || !char.IsAsciiHexDigit(segment[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((HexValue(segment[i + 1]) << 4) | HexValue(segment[i + 2])));
                i += 2;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
            else
            {
                int written = new Rune(c).EncodeToUtf8(utf8);
                bytes.AddRange(utf8[..written]);
            }
        }

        try
        {
            decoded = StrictUtf8.GetString([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static int SubjectIndex(string[] segments)
    {
        for (int i = 1; i + 1 < segments.Length; i++)
        {
            // /v1/subjects/{subject}… and /v1/audit/subjects/{subject}.
            if (segments[i].Equals("subjects", StringComparison.OrdinalIgnoreCase)
                && (segments[i - 1].Equals("v1", StringComparison.OrdinalIgnoreCase)
                    || (i >= 2 && segments[i - 1].Equals("audit", StringComparison.OrdinalIgnoreCase) && segments[i - 2].Equals("v1", StringComparison.OrdinalIgnoreCase))))
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static bool IsDotSegment(string raw) => TryDecode(raw, out string segment) && segment is "." or "..";

    /// <summary>The path of a request target: origin-form (<c>/a?b</c>) or absolute-form (<c>http://h/a</c>).</summary>
    private static string? RawPath(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        int end = target.AsSpan().IndexOfAny('?', '#');
        string path = end < 0 ? target : target[..end];
        if (path.StartsWith('/'))
        {
            return path;
        }

        int scheme = path.IndexOf("://", StringComparison.Ordinal);
        int slash = scheme < 0 ? -1 : path.IndexOf('/', scheme + 3);
        return slash < 0 ? null : path[slash..];
    }
}
