using System.Text;

namespace Heed.Cli.Commands;

/// <summary>An RFC 9457 problem document as the registry sends it (<c>application/problem+json</c>).</summary>
public sealed record RegistryProblem(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors)
{
    /// <summary>Renders the problem for a person: status and title, the detail, then one line per field error.</summary>
    public string Format(int statusCode)
    {
        var text = new StringBuilder();
        text.Append("heed: the registry answered ").Append(Status ?? statusCode);
        if (!string.IsNullOrWhiteSpace(Title))
        {
            text.Append(' ').Append(Title);
        }

        if (!string.IsNullOrWhiteSpace(Detail))
        {
            text.Append(": ").Append(Detail);
        }

        if (Errors is { Count: > 0 })
        {
            foreach ((string field, string[] messages) in Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                foreach (string message in messages)
                {
                    text.Append('\n').Append("  ").Append(field).Append(": ").Append(message);
                }
            }
        }

        return text.ToString();
    }
}
