using System.CommandLine;

namespace Heed.Cli.Keys;

/// <summary><c>heed keys create|list|revoke</c>: API keys. Admin keys only.</summary>
public static class KeysCommand
{
    public static Command Create() => new("keys", "Create, list and revoke API keys (needs an admin key)")
    {
        KeyCreateCommand.Create(),
        KeyListCommand.Create(),
        KeyRevokeCommand.Create(),
    };
}
