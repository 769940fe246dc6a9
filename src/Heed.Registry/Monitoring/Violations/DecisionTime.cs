using System.Buffers.Binary;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>When a decision was made, read from its id: a decision id is a UUIDv7 (32 hex digits), whose first 48 bits
/// are the unix time in milliseconds (RFC 9562 §5.7).</summary>
public static class DecisionTime
{
    /// <summary>The time in <paramref name="decisionId"/>, or null when it is not a UUIDv7.</summary>
    public static DateTimeOffset? Of(string? decisionId)
    {
        if (decisionId is null || !Guid.TryParseExact(decisionId, "N", out Guid id) || id.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        long ms = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
