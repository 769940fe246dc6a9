using System.CommandLine;
using System.CommandLine.Parsing;

namespace Heed.Cli.Commands;

/// <summary>
/// Parse errors as a person reads them: one line each, naming the argument and what it expects, with a
/// pointer to <c>--help</c>, rather than System.CommandLine's whole help text and .NET type names
/// (<c>expected type 'System.Nullable`1[System.Int64]'</c>).
/// </summary>
public static class UsageErrors
{
    /// <summary>Writes one line per distinct error of <paramref name="parse"/> to <paramref name="error"/>.</summary>
    public static void Write(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        string command = CommandPath(parse.CommandResult);
        foreach (string line in parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal))
        {
            error.WriteLine($"{command}: {line} (see '{command} --help')");
        }
    }

    /// <summary>The error in words; a value that did not convert says what was expected instead of the type.</summary>
    public static string Describe(ParseError parseError)
    {
        ArgumentNullException.ThrowIfNull(parseError);
        (string? name, Type? type) = parseError.SymbolResult switch
        {
            ArgumentResult { Parent: OptionResult option } => (option.Option.Name, option.Option.ValueType),
            ArgumentResult argument => ($"<{argument.Argument.Name}>", argument.Argument.ValueType),
            OptionResult option => (option.Option.Name, option.Option.ValueType),
            _ => (null, null),
        };
        string message = parseError.Message.TrimEnd('.');
        if (parseError.SymbolResult is ArgumentResult { Parent: not OptionResult, Tokens.Count: 0 } missing)
        {
            return $"<{missing.Argument.Name}> is missing";
        }

        if (name is null || type is null || !message.Contains(type.ToString(), StringComparison.Ordinal))
        {
            return message;
        }

        string? token = parseError.SymbolResult!.Tokens.LastOrDefault()?.Value;
        return $"{name}: '{token}' is not {Expected(type)}";
    }

    private static string Expected(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        }

        return t switch
        {
            _ when t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(ulong) => "a whole number",
            _ when t == typeof(double) || t == typeof(decimal) => "a number",
            _ when t == typeof(bool) => "true or false",
            _ when t == typeof(TimeSpan) => "a duration such as 00:00:30",
            _ when t == typeof(Uri) => "a URL",
            _ when t == typeof(FileInfo) || t == typeof(DirectoryInfo) => "a path",
            _ => "a valid value",
        };
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Push(c.Parent is null ? "heed" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
