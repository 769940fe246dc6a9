using System.CommandLine;

namespace Heed.Cli.Commands;

/// <summary>
/// A secret taken, in this order, from <c>--NAME-file PATH</c>, <c>--NAME VALUE</c>, or an environment
/// variable. The file and the variable keep the secret out of <c>/proc/PID/cmdline</c> and shell history, so
/// the docs teach those; the plain flag stays for quick local use. Resolved at run time, never as an option
/// default, so <c>--help</c> cannot print a secret.
/// </summary>
public sealed class SecretOption
{
    private readonly Option<string?> _value;
    private readonly Option<string?> _file;
    private readonly string _variable;

    /// <param name="name">The flag without dashes, e.g. <c>key</c> for <c>--key</c> and <c>--key-file</c>.</param>
    /// <param name="variable">The environment variable, e.g. <c>HEED_KEY</c>.</param>
    /// <param name="description">What the secret is, e.g. "An enforcer key".</param>
    public SecretOption(string name, string variable, string description)
    {
        _variable = variable;
        _value = new Option<string?>("--" + name) { Description = $"{description}; prefer --{name}-file or {variable}, which other users cannot read from the process list", HelpName = "KEY" };
        _file = new Option<string?>("--" + name + "-file") { Description = $"{description}, read from this file (env {variable} also works)", HelpName = "PATH" };
        Flag = "--" + name;
    }

    /// <summary>The plain flag, for messages: <c>--key</c>.</summary>
    public string Flag { get; }

    /// <summary>How to pass the secret, for a "missing" message.</summary>
    public string Hint => $"pass {Flag}-file PATH or set {_variable}";

    public void AddTo(Command command)
    {
        command.Options.Add(_value);
        command.Options.Add(_file);
    }

    /// <summary>The secret, or null when none was given. Throws <see cref="UsageException"/> for an unreadable or empty file.</summary>
    public string? Resolve(ParseResult parse, Func<string, string?> environment)
    {
        if (parse.GetValue(_file) is { } path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{Flag}-file: cannot read '{path}': {ex.Message}");
            }

            return text.Length > 0 ? text : throw new UsageException($"{Flag}-file: '{path}' is empty");
        }

        return NonEmpty(parse.GetValue(_value))?.Trim() ?? NonEmpty(environment(_variable))?.Trim();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
