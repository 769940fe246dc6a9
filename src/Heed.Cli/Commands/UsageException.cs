namespace Heed.Cli.Commands;

/// <summary>A command line that parsed but cannot be acted on (bad URL, missing key, unreadable file): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
