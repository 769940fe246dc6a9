using System.Diagnostics.CodeAnalysis;

namespace Heed.Relay.Configuration;

/// <summary>Where a message's subject is, and the kind to prefix when the value carries none.</summary>
public sealed record SubjectConfig
{
    /// <summary>cloudEvents (AMQP binding application property <c>cloudEvents:subject</c>), header, or json.</summary>
    public SubjectSourceKind? From { get; init; }

    /// <summary>For <see cref="SubjectSourceKind.Header"/>: the header's name.</summary>
    public string? Header { get; init; }

    /// <summary>For <see cref="SubjectSourceKind.Json"/>: an RFC 6901 JSON pointer into the body, e.g. <c>/user/id</c>.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "RFC 6901 calls it a JSON pointer; the config key reads naturally.")]
    public string? Pointer { get; init; }

    /// <summary>A subject kind (e.g. <c>user</c>) put before the value as <c>kind:value</c>; none means the
    /// value is already <c>kind:value</c>.</summary>
    public string? Kind { get; init; }
}
