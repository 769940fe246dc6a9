using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Cli.Commands;

/// <summary>
/// The registry refused a request (exit code 1) or could not be reached (exit code 3). The message is
/// written for a person and is printed as is; commands let it travel to one handler that prints it.
/// </summary>
public sealed class RegistryException : Exception
{
    private RegistryException(int exitCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>The HTTP status the registry answered with; null when it did not answer.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>The same failure, with what it means for the command added to its message.</summary>
    public RegistryException WithNote(string note) => new(ExitCode, Message + Environment.NewLine + note, this) { StatusCode = StatusCode };

    public static RegistryException Unreachable(Uri registry, Exception cause) => new(
        ExitCodes.Unreachable,
        $"heed: cannot reach the registry at {registry}: {Innermost(cause).Message} (set --registry or HEED_REGISTRY)",
        cause);

    public static RegistryException Broken(Uri registry, string what, Exception cause) => new(
        ExitCodes.Unreachable,
        $"heed: the connection to {registry} broke {what}: {Innermost(cause).Message}",
        cause);

    public static RegistryException Unexpected(string message, Exception? cause = null) =>
        new(ExitCodes.Problem, "heed: " + message, cause);

    /// <summary>Turns a non-success response into an exception, reading its problem document when it has one.</summary>
    public static async Task<RegistryException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is "application/problem+json" or "application/json")
        {
            try
            {
                RegistryProblem? problem = await response.Content.ReadFromJsonAsync(CliJsonContext.Default.RegistryProblem, cancellationToken);
                if (problem is not null)
                {
                    return new RegistryException(ExitCodes.Problem, problem.Format(status)) { StatusCode = status };
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: fall through to the plain status line.
            }
        }

        return new RegistryException(ExitCodes.Problem, $"heed: the registry answered {status} {response.ReasonPhrase}".TrimEnd()) { StatusCode = status };
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
